import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { t } from '../i18n/zh-CN';

export default function NotFound({ text }: { text?: string }) {
  return (
    <Result
      status="404"
      title={<h1 style={{ fontSize: 24, margin: 0 }}>{t.notFound.title}</h1>}
      subTitle={text ?? t.notFound.text}
      extra={
        <Link to="/">
          <Button type="primary">{t.notFound.home}</Button>
        </Link>
      }
    />
  );
}
