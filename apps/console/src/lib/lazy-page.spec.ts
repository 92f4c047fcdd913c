import { createElement, Suspense } from 'react';
import { renderToString } from 'react-dom/server';
import { lazyPage } from './lazy-page';

const page = (text: string) => () => createElement('p', null, text);

/** Rendered inside a Suspense boundary whose fallback says 'loading'. */
const render = (Page: ReturnType<typeof lazyPage>) =>
  renderToString(createElement(Suspense, { fallback: createElement('i', null, 'loading') }, createElement(Page)));

describe('lazyPage', () => {
  it('suspends (the fallback shows) while its code has not been loaded', () => {
    const Page = lazyPage(() => new Promise<never>(() => undefined));
    expect(render(Page)).toContain('<i>loading</i>');
  });

  it('renders at once, without the fallback, once preloaded', async () => {
    let loads = 0;
    const Page = lazyPage(async () => {
      loads += 1;
      return { default: page('收件箱') };
    });
    await Page.preload();
    const html = render(Page);
    expect(html).toContain('<p>收件箱</p>');
    expect(html).not.toContain('loading');
    expect(loads).toBe(1);
  });

  it('a preload that fails leaves the page to load on demand', async () => {
    let attempt = 0;
    const Page = lazyPage(async () => {
      attempt += 1;
      if (attempt === 1) throw new Error('network');
      return { default: page('第二次') };
    });
    await expect(Page.preload()).rejects.toThrow('network');
    expect(render(Page)).toContain('<i>loading</i>');
  });
});
