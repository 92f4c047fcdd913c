import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { DEFAULT_TRIAL_STAY_RULES } from '@app/domain/care-home/trial-stay-rules';
import { api, ApiRequestError, call } from '../../api/client';
import { qk } from '../../api/query-keys';
import { errorText, t } from '../../i18n/zh-CN';
import { shanghaiDate } from '../../lib/format';
import { useDraft } from '../../lib/use-draft';
import { useRegions } from '../../layout/use-regions';
import { birthDateOf, idNumberProblem, intakeFieldErrors, toCreateCaseBody, type IntakeValues } from './intake-form';
import { CASE_TYPE_OPTIONS } from '../../lib/case-types';

const CARE_LEVEL_LABELS: Record<string, string> = {
  'cannot-self-care': '完全失能(全护理)',
  partial: '部分失能(半护理)',
  'self-care': '生活自理',
};

type FormValues = Omit<IntakeValues, 'appliedOn'> & { appliedOn?: dayjs.Dayjs };

export default function IntakePage() {
  const [form] = Form.useForm<FormValues>();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const regions = useRegions();
  const draft = useDraft<IntakeValues>('intake');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per application: a retry after a lost answer returns the same case instead of a second one.
  const idempotencyKey = useRef(crypto.randomUUID());
  const caseType = Form.useWatch('caseType', form);
  const homes = useQuery({
    queryKey: qk.careHomes,
    queryFn: () => call(api.GET('/api/care-homes')),
    enabled: caseType === 'trial-stay',
  });
  const today = shanghaiDate(new Date());

  useEffect(() => {
    if (draft.initial) {
      const { appliedOn, ...rest } = draft.initial;
      form.setFieldsValue({ ...rest, ...(appliedOn ? { appliedOn: dayjs(appliedOn) } : {}) });
      void message.info(t.intake.draftRestored);
    }
  }, [draft.initial, form, message]);

  const values = (v: FormValues): IntakeValues => ({ ...v, appliedOn: v.appliedOn?.format('YYYY-MM-DD') });

  const submit = async (v: FormValues) => {
    setBusy(true);
    setError(null);
    try {
      const created = await call(
        api.POST('/api/cases', { params: { header: { 'idempotency-key': idempotencyKey.current } }, body: toCreateCaseBody(values(v)) }),
      );
      draft.clear();
      idempotencyKey.current = crypto.randomUUID();
      void message.success(t.intake.created(created.caseNo));
      await navigate(`/cases/${created.id}`);
    } catch (err) {
      const e = err instanceof ApiRequestError ? err : null;
      setError(errorText(e?.body.code, e?.status));
      if (e) form.setFields(intakeFieldErrors(e.body));
      // A definite refusal: the corrected form is a new request. Only a lost answer is retried with the same key.
      if (e && e.status >= 400 && e.status < 500) idempotencyKey.current = crypto.randomUUID();
    } finally {
      setBusy(false);
    }
  };

  const regionOptions = (regions.data ?? [])
    .filter((r) => r.level === 'township' || r.level === 'village')
    .map((r) => ({ value: r.code, label: `${r.name}(${r.code})` }));

  return (
    <Card>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t.intake.title}
      </Typography.Title>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        style={{ maxWidth: 640 }}
        initialValues={{ caseType: 'hardship-allowance' }}
        onFinish={submit}
        onValuesChange={(_c, all) => draft.save(values(all))}
      >
        <Form.Item name="caseType" label={t.intake.caseType} rules={[{ required: true, message: t.common.required }]}>
          <Select options={CASE_TYPE_OPTIONS} />
        </Form.Item>
        <Form.Item name="regionCode" label={t.intake.region} rules={[{ required: true, message: t.common.required }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={regionOptions} loading={regions.isLoading} />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t.intake.idNumber}
          validateFirst
          rules={[
            { required: true, message: t.common.required },
            {
              validator: (_r, v: string) => {
                const problem = v ? idNumberProblem(v, today) : null;
                return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
              },
            },
          ]}
        >
          <Input
            maxLength={18}
            onBlur={(e) => {
              const birth = birthDateOf(e.target.value);
              if (birth && !form.getFieldValue('birthDate')) form.setFieldValue('birthDate', birth);
            }}
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t.intake.name}
          rules={[{ required: true, whitespace: true, message: t.common.required }, { max: 50 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="birthDate"
          label={t.intake.birthDate}
          extra={t.intake.birthDateFromId}
          dependencies={['idNumber']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_r, v: string | undefined) => {
                const fromId = birthDateOf(getFieldValue('idNumber') ?? '');
                return v && fromId && v !== fromId ? Promise.reject(new Error(t.errors.fieldCodes.BIRTH_DATE_MISMATCH)) : Promise.resolve();
              },
            }),
          ]}
        >
          <Input placeholder="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t.intake.phone}
          rules={[{ pattern: /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, message: '请输入手机号或固定电话' }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="address" label={t.intake.address} rules={[{ max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="appliedOn" label={t.intake.appliedOn}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        {caseType === 'trial-stay' && (
          <>
            <Form.Item name="careHomeId" label={t.intake.careHome} rules={[{ required: true, message: t.common.required }]}>
              <Select loading={homes.isLoading} options={(homes.data ?? []).map((h) => ({ value: h.id, label: h.name }))} />
            </Form.Item>
            <Form.Item name="priorityCategory" label={t.intake.priorityCategory} rules={[{ required: true, message: t.common.required }]}>
              <Select options={DEFAULT_TRIAL_STAY_RULES.priorityCategories.map((c) => ({ value: c, label: CARE_LEVEL_LABELS[c] ?? c }))} />
            </Form.Item>
          </>
        )}
        <Button type="primary" htmlType="submit" loading={busy}>
          {t.intake.submit}
        </Button>
      </Form>
    </Card>
  );
}
