import { Alert, Button, Checkbox, Col, Descriptions, Form, InputNumber, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { AssessmentInput } from '@app/domain/assessment';
import { t } from '../../i18n/zh-CN';
import {
  ASSESSMENT_GROUPS,
  emptyAssessmentForm,
  liveAssessment,
  setItemScore,
  toAssessmentData,
  type AssessmentFormState,
} from './assessment-form';

/**
 * The 26-item GB/T 42195-2022 form, by its four dimensions. The total, the level and its
 * adjustments are computed as items are scored, by libs/domain's scoreAssessment (the rule the
 * server and the workflow apply), and range errors show on the item.
 */
export function AssessmentFormCard({ onSubmit, busy }: { onSubmit: (data: AssessmentInput) => Promise<void> | void; busy?: boolean }) {
  const [state, setState] = useState<AssessmentFormState>(emptyAssessmentForm);
  const live = useMemo(() => liveAssessment(state), [state]);
  const data = toAssessmentData(state);

  return (
    <Form layout="vertical" onFinish={() => data && void onSubmit(data)}>
      <Typography.Title level={4} style={{ fontSize: 16 }}>
        {t.assessment.title}
      </Typography.Title>
      <Row gutter={24} style={{ position: 'sticky', top: 0, zIndex: 2, background: '#fff', padding: '8px 0' }} aria-live="polite">
        <Col>
          <Statistic
            title={t.assessment.total}
            value={live.scored?.total ?? live.runningTotal}
            suffix="/ 90"
            data-testid="assessment-total"
          />
        </Col>
        <Col>
          <Statistic
            title={t.assessment.finalLevel}
            value={
              live.scored
                ? `${live.scored.finalLevel} 级 ${live.scored.finalLevelNameZh}`
                : live.missing > 0
                  ? t.assessment.incomplete(live.missing)
                  : t.assessment.fixErrors
            }
            data-testid="assessment-level"
          />
        </Col>
        {live.scored && live.scored.baseLevel !== live.scored.finalLevel && (
          <Col>
            <Statistic title={t.assessment.baseLevel} value={`${live.scored.baseLevel} 级 ${live.scored.baseLevelNameZh}`} />
          </Col>
        )}
      </Row>
      {live.scored && live.scored.adjustments.length > 0 && (
        <Alert
          type="info"
          showIcon
          title={t.assessment.adjustments}
          description={live.scored.adjustments.map((a) => a.textZh).join(';')}
          style={{ marginBottom: 12 }}
        />
      )}
      {ASSESSMENT_GROUPS.map((g) => (
        <fieldset key={g.code} style={{ border: '1px solid #e5e5e5', padding: '8px 16px', marginBottom: 12 }}>
          <legend style={{ width: 'auto', fontSize: 15, padding: '0 4px', border: 0, margin: 0 }}>
            {g.nameZh}
            <Tag style={{ marginLeft: 8 }}>
              {live.scored ? live.scored.dimensions[g.code].score : g.items.reduce((s, i) => s + (state.items[i.code] ?? 0), 0)} / {g.max}
            </Tag>
          </legend>
          <Row gutter={16}>
            {g.items.map((item) => (
              <Col key={item.code} xs={24} sm={12} md={8} lg={6}>
                <Form.Item
                  label={`${item.nameZh}(${t.assessment.range(item.min, item.max)})`}
                  htmlFor={`item-${item.code}`}
                  validateStatus={live.itemErrors[item.code] ? 'error' : undefined}
                  help={live.itemErrors[item.code]}
                >
                  <InputNumber
                    id={`item-${item.code}`}
                    data-testid={`item-${item.code}`}
                    precision={0}
                    value={state.items[item.code]}
                    onChange={(v) => setState((s) => setItemScore(s, item.code, typeof v === 'number' ? v : null))}
                    style={{ width: '100%' }}
                  />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </fieldset>
      ))}
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t.assessment.adjustments}>
          <Space wrap>
            <Checkbox checked={state.coma} onChange={(e) => setState((s) => ({ ...s, coma: e.target.checked }))}>
              {t.assessment.coma}
            </Checkbox>
            <Checkbox
              checked={state.dementia}
              onChange={(e) => setState((s) => ({ ...s, dementia: e.target.checked }))}
              data-testid="dementia"
            >
              {t.assessment.dementia}
            </Checkbox>
            <Checkbox
              checked={state.psychiatricDiagnosis}
              onChange={(e) => setState((s) => ({ ...s, psychiatricDiagnosis: e.target.checked }))}
            >
              {t.assessment.psychiatric}
            </Checkbox>
            <label htmlFor="risk-events">{t.assessment.riskEvents}</label>
            <InputNumber
              id="risk-events"
              min={0}
              max={100}
              precision={0}
              value={state.careRiskEvents30d}
              onChange={(v) => setState((s) => ({ ...s, careRiskEvents30d: typeof v === 'number' ? v : 0 }))}
            />
          </Space>
        </Descriptions.Item>
      </Descriptions>
      <Button type="primary" htmlType="submit" disabled={!data} loading={busy}>
        {t.assessment.submit}
      </Button>
    </Form>
  );
}
