import { Alert, Card, Descriptions, Space, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiRequestError, call } from '../../api/client';
import type { components } from '../../api/schema';
import { errorText, t } from '../../i18n/zh-CN';
import { formatDateTime } from '../../lib/format';

type Report = components['schemas']['RosterImportReportView'];
type RowError = components['schemas']['RosterImportErrorView'];

/** The report names a column by its canonical name (or 'row'): shown as the file's Chinese header. */
const COLUMN_LABELS: Record<string, string> = {
  id_number: '身份证号',
  name: '姓名',
  category: '类别',
  region_code: '区划代码',
  entered_on: '纳入日期',
  left_on: '退出日期',
  row: '整行',
};

/** Roster import (困难群众名单): the CSV file as sent by the civil-affairs system, with the per-row error report. */
export default function RosterPage() {
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);

  const upload = async (file: File) => {
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      // Excel saves CSV in GBK; the server reads either when told which.
      const utf8 = (() => {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes);
          return true;
        } catch {
          return false;
        }
      })();
      const text = new TextDecoder(utf8 ? 'utf-8' : 'gb18030').decode(bytes);
      const result = await call(
        api.POST('/api/roster/import', {
          params: { query: { filename: file.name } },
          body: text,
          bodySerializer: (b: string) => b,
          headers: { 'Content-Type': 'text/csv; charset=utf-8' },
        }),
      );
      setReport(result);
    } catch (err) {
      const e = err instanceof ApiRequestError ? err : null;
      // The API's message leads with the code's Chinese sentence and names the detail (limit, charset).
      setError(e?.body.code && e.body.code in t.errors.codes ? e.body.message : errorText(e?.body.code, e?.status));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        {t.roster.title}
      </Typography.Title>
      <Card>
        <Typography.Paragraph>{t.roster.hint}</Typography.Paragraph>
        <label htmlFor="roster-file" style={{ marginRight: 8 }}>
          {t.roster.file}
        </label>
        <input
          id="roster-file"
          type="file"
          accept=".csv,text/csv"
          disabled={busy}
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void upload(f);
            e.target.value = '';
          }}
        />
        {busy && (
          <div role="status" style={{ marginTop: 12 }}>
            <Spin /> {t.roster.importing}
          </div>
        )}
      </Card>
      {error && <Alert type="error" showIcon title={error} role="alert" />}
      {report && (
        <Card title={t.roster.report} data-testid="roster-report">
          <Descriptions size="small" column={4}>
            <Descriptions.Item label={t.roster.rowsTotal}>{report.rowsTotal}</Descriptions.Item>
            <Descriptions.Item label={t.roster.rowsOk}>{report.rowsOk}</Descriptions.Item>
            <Descriptions.Item label={t.roster.rowsFailed}>{report.rowsFailed}</Descriptions.Item>
            <Descriptions.Item label={t.roster.importedAt}>{formatDateTime(report.importedAt)}</Descriptions.Item>
            <Descriptions.Item label={t.roster.inserted}>{report.inserted}</Descriptions.Item>
            <Descriptions.Item label={t.roster.updated}>{report.updated}</Descriptions.Item>
            <Descriptions.Item label={t.roster.unchanged}>{report.unchanged}</Descriptions.Item>
          </Descriptions>
          <Table<RowError>
            rowKey={(r) => `${r.row}-${r.field}`}
            size="small"
            dataSource={report.errors}
            locale={{ emptyText: t.roster.noErrors }}
            pagination={{ pageSize: 20 }}
            columns={[
              { title: t.roster.row, dataIndex: 'row' },
              { title: t.roster.field, dataIndex: 'field', render: (f: string) => COLUMN_LABELS[f] ?? f },
              {
                title: t.roster.message,
                dataIndex: 'message',
                // The server words each problem in Chinese by its code; reports stored before codes existed are in English.
                render: (m: string, r) => (r.code === 'LEGACY' ? `${t.roster.legacyMessage}(${m})` : m),
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
