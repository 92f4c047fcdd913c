import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { compression } from 'vite-plugin-compression2';

const root = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Most officers land on the inbox, whose page is loaded on demand (app.tsx): its code and the files
 * it imports are named in index.html as modulepreload links, so the browser fetches them beside the
 * entry's instead of after the entry has run (a dozen requests less on the critical path).
 */
function preloadLandingPage(pageSource: string): Plugin {
  return {
    name: 'yiyang-preload-landing-page',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === 'chunk');
        const page = chunks.find((c) => c.facadeModuleId?.endsWith(pageSource));
        if (!page) throw new Error(`preloadLandingPage: no chunk for ${pageSource}`);
        const files = new Set<string>();
        const visit = (fileName: string) => {
          if (files.has(fileName)) return;
          files.add(fileName);
          chunks.find((c) => c.fileName === fileName)?.imports.forEach(visit);
        };
        visit(page.fileName);
        return [...files]
          .filter((f) => !html.includes(f))
          .map((f) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/console/${f}` },
            injectTo: 'head' as const,
          }));
      },
    },
  };
}

/**
 * The officers' console, served by the API at /console. The browser imports the same pure rules
 * as the server (libs/domain: ID check character, assessment level, masking), never a copy.
 */
export default defineConfig({
  root,
  base: '/console/',
  resolve: {
    alias: [
      { find: /^@app\/domain(\/.*)?$/, replacement: `${repo}libs/domain/src$1` },
      { find: /^@app\/contracts(\/.*)?$/, replacement: `${repo}libs/contracts/src$1` },
    ],
  },
  oxc: { jsx: { runtime: 'automatic' } },
  // Every text asset is also written compressed (.gz, .br) at build time, at the highest levels, so
  // the API serves bytes from disk instead of compressing 25 scripts and the stylesheet on each
  // cold load (console.module.ts picks the variant the browser accepts).
  plugins: [
    preloadLandingPage('src/features/inbox/inbox-page.tsx'),
    compression({ algorithms: ['gzip', 'brotliCompress'], exclude: /\.html$/, logLevel: 'silent' }),
  ],
  build: {
    outDir: `${repo}dist/console`,
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
    rolldownOptions: {
      output: {
        // Libraries that change rarely get chunks of their own (cached across releases of the
        // console). antd's components are left to automatic splitting so that each page pulls only
        // the ones it uses; ECharts is reached from the dashboard only.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 30 },
            { name: 'query', test: /node_modules[\\/]@tanstack[\\/]/, priority: 20 },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|echarts-for-react|size-sensor)[\\/]/, priority: 20 },
            {
              name: 'antd-core',
              test: /node_modules[\\/](@ant-design[\\/](cssinjs|cssinjs-utils|fast-color|colors)|stylis|@emotion|dayjs)[\\/]/,
              priority: 10,
            },
          ],
        },
      },
      // antd marks its files "use client" for React Server Components; irrelevant in a browser bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { proxy: { '/api': `http://localhost:${process.env.PORT ?? 3000}` } },
});
