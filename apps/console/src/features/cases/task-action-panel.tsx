import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Radio, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { OUTCOMES_NEEDING_REASON, STEP_LABELS, STEP_OUTCOMES, type StepCode } from '@app/domain/policy/steps';
import { ApiRequestError } from '../../api/client';
import { useSession } from '../../auth/use-session';
import { errorText, t } from '../../i18n/zh-CN';
import { formatDateTime } from '../../lib/format';
import { AssessmentFormCard } from '../assessments/assessment-form-card';
import { PlanPreview } from './plan-table';
import { completeBody, IRREVERSIBLE, taskFieldErrors, type ActionValues } from './task-form';
import { useClaim, useCompleteTask, usePlan, type CaseDetail, type CaseOpenTask, type CompleteBody } from './use-case';

export function TaskActionPanel({ kase, task }: { kase: CaseDetail; task: CaseOpenTask }) {
  const { user } = useSession();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<ActionValues>();
  const complete = useCompleteTask(kase.id);
  const claim = useClaim(kase.id);
  const [error, setError] = useState<string | null>(null);
  const step = task.step as StepCode;
  const outcome = Form.useWatch('outcome', form);
  const plan = usePlan(kase.id, step === 'approval' && kase.caseType !== 'trial-stay');

  if (task.pendingDecision) {
    const { submittedAt, outcome: sent } = task.pendingDecision;
    return (
      <Alert
        type="warning"
        showIcon
        data-testid="task-panel"
        title={`${STEP_LABELS[step] ?? step}:${t.actions.decisionPending}`}
        description={t.actions.decisionPendingSince(formatDateTime(submittedAt), t.outcomes[sent] ?? sent)}
      />
    );
  }
  if (task.candidateRole !== user?.role) {
    return <Alert type="info" showIcon title={`${STEP_LABELS[step] ?? step}:${t.actions.notYourRole}`} />;
  }
  if (task.assigneeId && task.assigneeId !== user.id) return <Alert type="info" showIcon title={t.actions.notYours} />;

  const send = async (body: CompleteBody) => {
    setError(null);
    try {
      await complete.mutateAsync({ taskId: task.id, body });
      void message.success(t.common.done);
      form.resetFields();
    } catch (err) {
      const e = err instanceof ApiRequestError ? err : null;
      setError(errorText(e?.body.code, e?.status));
      const fields = e ? taskFieldErrors(e.body) : [];
      if (fields.length) form.setFields(fields);
    }
  };

  const onFinish = (v: ActionValues) => {
    const body = completeBody(step, v);
    if (IRREVERSIBLE.has(v.outcome)) {
      modal.confirm({
        title: `${STEP_LABELS[step]}:${t.outcomes[v.outcome] ?? v.outcome}`,
        content: t.actions.confirmIrreversible,
        okText: t.common.confirm,
        cancelText: t.common.cancel,
        onOk: () => send(body),
      });
    } else void send(body);
  };

  const title = (
    <Space>
      <span>
        {t.actions.title}:{STEP_LABELS[step] ?? step}
      </span>
      {!task.assigneeId && (
        <Button size="small" onClick={() => claim.mutate(task.id)} loading={claim.isPending}>
          {t.inbox.claim}
        </Button>
      )}
    </Space>
  );

  if (step === 'assessment' || step === 'reassessment') {
    return (
      <Card title={title} data-testid="task-panel">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" />}
        <AssessmentFormCard busy={complete.isPending} onSubmit={(data) => send({ step, outcome: 'submitted', data: { ...data } })} />
      </Card>
    );
  }

  const needsReason = !!outcome && OUTCOMES_NEEDING_REASON.includes(outcome);
  return (
    <Card title={title} data-testid="task-panel">
      {step === 'approval' && plan.data && (
        <div style={{ marginBottom: 16 }}>
          <Typography.Title level={4} style={{ fontSize: 16 }}>
            {t.actions.approvePlan}
          </Typography.Title>
          <PlanPreview plan={plan.data} />
        </div>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" />}
      <Form<ActionValues> form={form} layout="vertical" onFinish={onFinish} initialValues={{ staffCount: 2, visitedOn: dayjs() }}>
        <Form.Item name="outcome" label={t.actions.outcome} rules={[{ required: true, message: t.common.required }]}>
          <Radio.Group options={(STEP_OUTCOMES[step] ?? []).map((o) => ({ value: o, label: t.outcomes[o] ?? o }))} optionType="button" />
        </Form.Item>
        {step === 'review' && outcome === 'pass' && (
          <fieldset style={{ border: '1px solid #e5e5e5', padding: '8px 16px', marginBottom: 16 }}>
            <legend style={{ width: 'auto', fontSize: 14, padding: '0 4px', border: 0, margin: 0 }}>{t.actions.homeVisit}</legend>
            <Space wrap align="start">
              <Form.Item name="visitedOn" label={t.actions.visitedOn} rules={[{ required: true, message: t.common.required }]}>
                <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
              </Form.Item>
              <Form.Item
                name="staffCount"
                label={t.actions.staffCount}
                rules={[
                  { required: true, message: t.common.required },
                  { type: 'number', min: 2, message: t.actions.staffAtLeast2 },
                ]}
              >
                <InputNumber min={1} max={20} />
              </Form.Item>
            </Space>
            <Form.Item name="findings" label={t.actions.findings} rules={[{ required: true, message: t.common.required }, { max: 4000 }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </fieldset>
        )}
        {step === 'decision' && (
          <Form.Item name="documentNo" label={t.actions.documentNo} rules={[{ required: true, message: t.common.required }, { max: 100 }]}>
            <Input placeholder="平民救〔2026〕1号" />
          </Form.Item>
        )}
        <Form.Item
          name="comment"
          label={t.actions.comment}
          rules={[{ required: needsReason, whitespace: true, message: t.actions.reasonRequired }, { max: 2000 }]}
          extra={needsReason ? t.actions.reasonRequired : undefined}
        >
          <Input.TextArea rows={3} placeholder={t.actions.commentPlaceholder} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={complete.isPending}>
          {t.common.submit}
        </Button>
      </Form>
    </Card>
  );
}
