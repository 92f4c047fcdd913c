import { App, Button, Card, Col, Descriptions, Form, Input, Modal, Popconfirm, Row, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { ApiRequestError } from '../../api/client';
import type { components } from '../../api/schema';
import { useSession } from '../../auth/use-session';
import { errorText, t } from '../../i18n/zh-CN';
import { formatDate, formatDateTime } from '../../lib/format';
import { ErrorState, isNotFound, Loading, NotFoundPage } from '../../layout/states';
import { PaymentHistory } from '../payroll/payment-history';
import { PlanPreview, SegmentsTable } from './plan-table';
import { TaskActionPanel } from './task-action-panel';
import { actionLabel } from './timeline-labels';
import {
  useAssessments,
  useCase,
  useEntitlement,
  useObjection,
  usePlan,
  useShowApplicant,
  useTimeline,
  useTrialStay,
  useWaitingList,
  useWithdraw,
  type CaseDetail,
} from './use-case';

const STATUS_COLOR: Record<string, string> = {
  in_progress: 'blue',
  waiting: 'cyan',
  paused: 'orange',
  returned: 'gold',
  refusal_pending: 'volcano',
  approved: 'green',
  active: 'green',
  rejected: 'red',
  withdrawn: 'default',
  closed: 'default',
};
const OFFICERS = ['township_officer', 'county_officer'];
const BEFORE_APPROVAL = ['in_progress', 'waiting', 'paused', 'returned'];
const GRANTED = ['approved', 'active', 'closed'];

function Applicant({ kase }: { kase: CaseDetail }) {
  const { user } = useSession();
  const show = useShowApplicant(kase.id);
  const full = show.data;
  const a = kase.applicant;
  const mayView = [...OFFICERS, 'assessor'].includes(user?.role ?? '');
  return (
    <Card
      title={t.cases.applicant}
      extra={
        mayView && !full ? (
          <Popconfirm
            title={t.cases.showFullConfirm}
            okText={t.common.confirm}
            cancelText={t.common.cancel}
            onConfirm={() => show.mutate()}
          >
            <Button size="small" loading={show.isPending}>
              {t.cases.showFull}
            </Button>
          </Popconfirm>
        ) : null
      }
    >
      {show.error && <ErrorState error={show.error} />}
      <Descriptions column={1} size="small" data-testid="applicant">
        <Descriptions.Item label={t.cases.name}>{full?.name ?? a.nameMasked}</Descriptions.Item>
        <Descriptions.Item label={t.cases.idNumber}>{full?.idNumber ?? a.idNumberMasked}</Descriptions.Item>
        <Descriptions.Item label={t.cases.sex}>{a.sex === 'male' ? t.cases.male : t.cases.female}</Descriptions.Item>
        <Descriptions.Item label={t.cases.age}>{t.cases.ageYears(a.age)}</Descriptions.Item>
        {full && <Descriptions.Item label={t.cases.phone}>{full.phone ?? '—'}</Descriptions.Item>}
        {full && <Descriptions.Item label={t.cases.address}>{full.address ?? '—'}</Descriptions.Item>}
      </Descriptions>
    </Card>
  );
}

function Allowance({ kase }: { kase: CaseDetail }) {
  const { user } = useSession();
  const allowed = ['township_officer', 'county_officer', 'supervisor', 'admin'].includes(user?.role ?? '');
  const isAllowance = kase.caseType !== 'trial-stay';
  const granted = GRANTED.includes(kase.status);
  const entitlement = useEntitlement(kase.id, kase.status, allowed && isAllowance && granted);
  const plan = usePlan(kase.id, allowed && isAllowance && BEFORE_APPROVAL.includes(kase.status));
  if (!allowed || !isAllowance) return null;
  if (granted) {
    if (entitlement.error) return isNotFound(entitlement.error) ? null : <ErrorState error={entitlement.error} />;
    const e = entitlement.data;
    return (
      <Card title={t.cases.entitlement} data-testid="entitlement">
        {e && (
          <>
            <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
              <Descriptions.Item label={t.cases.policy}>{t.cases.policyVersion(e.calculation.policyVersion)}</Descriptions.Item>
              <Descriptions.Item label={t.cases.status}>{e.status === 'active' ? '发放中' : '已停发'}</Descriptions.Item>
              <Descriptions.Item label={t.cases.month}>{formatDate(e.startMonth)}起</Descriptions.Item>
            </Descriptions>
            <SegmentsTable segments={e.segments} testId="entitlement-segments" />
            <ul style={{ marginTop: 8 }}>
              {e.calculation.explanation.map((line, i) => (
                <li key={i}>
                  <Typography.Text type="secondary">{line}</Typography.Text>
                </li>
              ))}
            </ul>
          </>
        )}
      </Card>
    );
  }
  // Only before the decision: a refused case keeps no preview read while it was open.
  if (!plan.data || !BEFORE_APPROVAL.includes(kase.status)) return null;
  return (
    <Card title={t.cases.plan}>
      <PlanPreview plan={plan.data} />
    </Card>
  );
}

function TrialStay({ kase }: { kase: CaseDetail }) {
  const { user } = useSession();
  const enabled = kase.caseType === 'trial-stay' && user?.role !== 'assessor';
  const stay = useTrialStay(kase.id, enabled);
  const waiting = useWaitingList(stay.data?.waitingList?.status === 'waiting' ? stay.data.careHome?.id : undefined);
  if (!enabled || !stay.data) return null;
  const s = stay.data;
  const position = waiting.data?.entries.find((e) => e.caseId === kase.id)?.position;
  return (
    <Card title={t.cases.trialStay} data-testid="trial-stay">
      <Descriptions size="small" column={2}>
        <Descriptions.Item label={t.cases.careHome}>{s.careHome?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t.cases.bed}>{s.bed ? `${s.bed.label}` : '—'}</Descriptions.Item>
        <Descriptions.Item label={t.cases.waitingPosition}>{position ? t.cases.waitingPositionN(position) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t.cases.trialEndsOn}>{formatDate(s.trialEndsOn)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function Assessments({ kase }: { kase: CaseDetail }) {
  const enabled = kase.caseType === 'care-allowance';
  const list = useAssessments(kase.id, enabled);
  if (!enabled || !list.data?.length) return null;
  return (
    <Card title={t.cases.assessments}>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={list.data}
        columns={[
          { title: '评估日期', dataIndex: 'assessedOn', render: (d: string) => formatDate(d) },
          { title: '标准', dataIndex: 'scale' },
          { title: t.assessment.total, dataIndex: 'total' },
          { title: t.assessment.finalLevel, dataIndex: 'finalLevel', render: (l: number) => `${l} 级` },
        ]}
      />
    </Card>
  );
}

function CaseTimeline({ caseId, live, status }: { caseId: string; live: boolean; status: string }) {
  const timeline = useTimeline(caseId, live, status);
  if (timeline.error) return <ErrorState error={timeline.error} />;
  type Entry = components['schemas']['TimelineEntryView'];
  return (
    <Card title={t.cases.timeline} data-testid="timeline">
      <Timeline
        items={(timeline.data ?? []).map((e: Entry) => ({
          key: e.id,
          content: (
            <div>
              <Typography.Text strong>{actionLabel(e.action)}</Typography.Text>
              {e.stepLabel && <Tag style={{ marginLeft: 8 }}>{e.stepLabel}</Tag>}
              <div>
                <Typography.Text type="secondary">
                  {formatDateTime(e.at)} · {e.actorName ?? '系统'}
                  {e.actorRole ? `(${t.roles[e.actorRole] ?? e.actorRole})` : ''}
                </Typography.Text>
              </div>
              {e.reason && <div>{e.reason}</div>}
            </div>
          ),
        }))}
      />
    </Card>
  );
}

function ReasonModal({
  open,
  title,
  label,
  onClose,
  onSubmit,
}: {
  open: boolean;
  title: string;
  label: string;
  onClose: () => void;
  onSubmit: (text: string) => Promise<unknown>;
}) {
  const [form] = Form.useForm<{ text: string }>();
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open={open}
      title={title}
      okText={t.common.submit}
      cancelText={t.common.cancel}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          try {
            await onSubmit(v.text);
            onClose();
          } catch (err) {
            const e = err instanceof ApiRequestError ? err : null;
            setError(errorText(e?.body.code, e?.status));
          }
        }}
      >
        <Form.Item name="text" label={label} rules={[{ required: true, whitespace: true, message: t.common.required }, { max: 2000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function CasePage() {
  const { id = '' } = useParams();
  const { user } = useSession();
  const { message } = App.useApp();
  const kase = useCase(id);
  const objection = useObjection(id);
  const withdraw = useWithdraw(id);
  const [modal, setModal] = useState<'objection' | 'withdraw' | null>(null);

  if (kase.isLoading) return <Loading />;
  if (kase.error)
    return isNotFound(kase.error) || !/^[0-9a-f-]{36}$/i.test(id) ? (
      <NotFoundPage text={t.cases.notFound} />
    ) : (
      <ErrorState error={kase.error} onRetry={() => void kase.refetch()} />
    );
  const c = kase.data!;
  const isOfficer = OFFICERS.includes(user?.role ?? '');
  const open = BEFORE_APPROVAL.includes(c.status);

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }} data-testid="case-no">
              {c.caseNo}
            </Typography.Title>
            <Tag color={STATUS_COLOR[c.status]} data-testid="case-status">
              {c.statusLabel}
            </Tag>
            {c.proactive && <Tag>{t.cases.proactive}</Tag>}
          </Space>
        }
        extra={
          isOfficer && open ? (
            <Space>
              {c.currentStep === 'notice' && <Button onClick={() => setModal('objection')}>{t.cases.objection}</Button>}
              <Button danger onClick={() => setModal('withdraw')}>
                {t.cases.withdraw}
              </Button>
            </Space>
          ) : null
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t.intake.caseType}>{t.caseTypes[c.caseType] ?? c.caseTypeLabel}</Descriptions.Item>
          <Descriptions.Item label={t.cases.currentStep}>
            <span data-testid="current-step">{c.currentStepLabel ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t.cases.region}>{c.regionName}</Descriptions.Item>
          <Descriptions.Item label={t.cases.appliedOn}>{formatDate(c.appliedOn)}</Descriptions.Item>
          <Descriptions.Item label={t.cases.acceptedOn}>{formatDate(c.acceptedOn)}</Descriptions.Item>
          <Descriptions.Item label={t.cases.decidedOn}>{formatDate(c.decidedOn)}</Descriptions.Item>
          <Descriptions.Item label={t.cases.policy}>{t.cases.policyVersion(c.policy.version)}</Descriptions.Item>
          {c.outcomeReason && <Descriptions.Item label={t.cases.outcomeReason}>{c.outcomeReason}</Descriptions.Item>}
        </Descriptions>
        {c.currentStep === 'notice' && <Typography.Text type="secondary">{t.actions.noticeRunning}</Typography.Text>}
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={16}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            {c.openTasks.map((task) => (
              <TaskActionPanel key={task.id} kase={c} task={task} />
            ))}
            <Allowance kase={c} />
            <TrialStay kase={c} />
            <Assessments kase={c} />
            <PaymentHistory personId={c.applicant.personId} show={c.caseType !== 'trial-stay' && GRANTED.includes(c.status)} />
          </Space>
        </Col>
        <Col xs={24} lg={8}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Applicant kase={c} />
            <CaseTimeline caseId={c.id} live={open} status={c.status} />
          </Space>
        </Col>
      </Row>
      <ReasonModal
        open={modal === 'objection'}
        title={t.cases.objection}
        label={t.cases.objectionSummary}
        onClose={() => setModal(null)}
        onSubmit={async (text) => {
          await objection.mutateAsync(text);
          void message.success(t.common.done);
        }}
      />
      <ReasonModal
        open={modal === 'withdraw'}
        title={t.cases.withdraw}
        label={t.cases.withdrawReason}
        onClose={() => setModal(null)}
        onSubmit={async (text) => {
          await withdraw.mutateAsync(text);
          void message.success(t.common.done);
        }}
      />
    </Space>
  );
}
