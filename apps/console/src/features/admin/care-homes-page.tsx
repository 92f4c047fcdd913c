import { Alert, App, Button, Form, Input, Modal, Popconfirm, Progress, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { components } from '../../api/schema';
import { canOpen } from '../../auth/access';
import { useSession } from '../../auth/use-session';
import { t } from '../../i18n/zh-CN';
import { ErrorState } from '../../layout/states';
import { useRegions } from '../../layout/use-regions';
import { showApiError } from './form-errors';
import { useBeds, useCareHomeMutations, useCareHomes } from './use-admin';

type Home = components['schemas']['CareHomeView'];
type Bed = components['schemas']['BedView'];
type HomeForm = { name: string; regionCode: string; address?: string; tracksCareLevel?: boolean };
type BedForm = { label: string; careLevel?: Bed['careLevel'] };

const BED_STATUS: Record<string, [string, string]> = {
  free: [t.admin.free, 'green'],
  reserved: [t.admin.reserved, 'orange'],
  occupied: [t.admin.occupied, 'blue'],
  out_of_service: [t.admin.outOfService, 'default'],
};
const CARE_LEVEL_OPTIONS = Object.entries(t.admin.careLevels).map(([value, label]) => ({ value, label }));

function Beds({ home, canManage }: { home: Home; canManage: boolean }) {
  const beds = useBeds(home.id);
  const { addBed, setInService, deleteBed } = useCareHomeMutations();
  const { message } = App.useApp();
  const [form] = Form.useForm<BedForm>();
  const [error, setError] = useState<string | null>(null);
  const refused = (err: unknown) => void message.error(showApiError(form, err, []));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {canManage && (
        <Form<BedForm>
          form={form}
          layout="inline"
          aria-label={t.admin.addBed}
          onFinish={async (v) => {
            setError(null);
            try {
              await addBed.mutateAsync({ homeId: home.id, body: { label: v.label.trim(), careLevel: v.careLevel ?? null } });
              void message.success(t.common.saved);
              form.resetFields();
            } catch (err) {
              setError(showApiError(form, err, ['label', 'careLevel']));
            }
          }}
        >
          <Form.Item
            name="label"
            label={t.admin.bedLabel}
            rules={[
              { required: true, whitespace: true, message: t.common.required },
              { max: 40, message: '最多 40 个字符' },
            ]}
          >
            <Input style={{ width: 120 }} />
          </Form.Item>
          {home.tracksCareLevel && (
            <Form.Item name="careLevel" label={t.admin.bedCareLevel}>
              <Select allowClear style={{ width: 120 }} options={CARE_LEVEL_OPTIONS} />
            </Form.Item>
          )}
          <Form.Item>
            <Button htmlType="submit" loading={addBed.isPending}>
              {t.admin.addBed}
            </Button>
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} />}
        </Form>
      )}
      <Table<Bed>
        rowKey="id"
        size="small"
        pagination={false}
        loading={beds.isLoading}
        dataSource={beds.data ?? []}
        aria-label={t.admin.bedsOf(home.name)}
        columns={[
          { title: t.admin.bedLabel, dataIndex: 'label' },
          ...(home.tracksCareLevel
            ? [
                {
                  title: t.admin.bedCareLevel,
                  dataIndex: 'careLevel',
                  render: (v: string | null) => (v ? t.admin.careLevels[v] : t.admin.noCareLevel),
                },
              ]
            : []),
          {
            title: t.admin.bedStatus,
            dataIndex: 'status',
            render: (s: string) => <Tag color={BED_STATUS[s]?.[1]}>{BED_STATUS[s]?.[0] ?? s}</Tag>,
          },
          { title: t.inbox.caseNo, dataIndex: 'caseNo', render: (v: string | null) => v ?? '—' },
          ...(canManage
            ? [
                {
                  title: t.inbox.actions,
                  key: 'a',
                  render: (_: unknown, b: Bed) => {
                    const inService = b.status === 'out_of_service';
                    return (
                      <Space>
                        {(b.status === 'free' || inService) && (
                          <Popconfirm
                            title={inService ? t.admin.confirmInService(b.label) : t.admin.confirmOutOfService(b.label)}
                            okText={t.common.confirm}
                            cancelText={t.common.cancel}
                            onConfirm={() =>
                              setInService
                                .mutateAsync({ homeId: home.id, bedId: b.id, inService })
                                .then(() => void message.success(t.common.done), refused)
                            }
                          >
                            <Button size="small" danger={!inService}>
                              {inService ? t.admin.putInService : t.admin.takeOutOfService}
                            </Button>
                          </Popconfirm>
                        )}
                        {!b.everUsed && (b.status === 'free' || inService) && (
                          <Popconfirm
                            title={t.admin.confirmDeleteBed(b.label)}
                            okText={t.common.confirm}
                            cancelText={t.common.cancel}
                            onConfirm={() =>
                              deleteBed
                                .mutateAsync({ homeId: home.id, bedId: b.id })
                                .then(() => void message.success(t.common.done), refused)
                            }
                          >
                            <Button size="small" type="link" danger>
                              {t.admin.deleteBed}
                            </Button>
                          </Popconfirm>
                        )}
                      </Space>
                    );
                  },
                },
              ]
            : []),
        ]}
      />
    </Space>
  );
}

/** Mounted only while open, so each opening starts from the home being edited (or empty). */
function HomeModal({ editing, onClose }: { editing: Home | null; onClose: () => void }) {
  const { create, update } = useCareHomeMutations();
  const regions = useRegions();
  const { message } = App.useApp();
  const [form] = Form.useForm<HomeForm>();
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open
      title={editing ? t.admin.editHome : t.admin.createHome}
      okText={t.common.save}
      cancelText={t.common.cancel}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending || update.isPending}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<HomeForm>
        form={form}
        layout="vertical"
        initialValues={
          editing
            ? {
                name: editing.name,
                regionCode: editing.regionCode,
                address: editing.address ?? undefined,
                tracksCareLevel: editing.tracksCareLevel,
              }
            : { tracksCareLevel: false }
        }
        onFinish={async (v) => {
          setError(null);
          const address = v.address?.trim() ? v.address.trim() : null;
          try {
            if (editing) {
              await update.mutateAsync({ id: editing.id, body: { name: v.name.trim(), address, tracksCareLevel: !!v.tracksCareLevel } });
            } else {
              await create.mutateAsync({ name: v.name.trim(), regionCode: v.regionCode, address, tracksCareLevel: !!v.tracksCareLevel });
            }
            void message.success(t.common.saved);
            onClose();
          } catch (err) {
            setError(showApiError(form, err, ['name', 'regionCode', 'address', 'tracksCareLevel']));
          }
        }}
      >
        <Form.Item
          name="name"
          label={t.admin.homeName}
          rules={[
            { required: true, whitespace: true, message: t.common.required },
            { max: 100, message: '最多 100 个字符' },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="regionCode" label={t.admin.homeRegion} rules={[{ required: true, message: t.common.required }]}>
          <Select
            disabled={!!editing}
            showSearch={{ optionFilterProp: 'label' }}
            options={(regions.data ?? []).map((r) => ({ value: r.code, label: `${r.name}(${r.code})` }))}
          />
        </Form.Item>
        <Form.Item name="address" label={t.admin.homeAddress} rules={[{ max: 200, message: '最多 200 个字符' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="tracksCareLevel" label={t.admin.tracksCareLevel} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function CareHomesPage() {
  const homes = useCareHomes();
  const canManage = canOpen(useSession().user?.role, 'admin');
  const [editing, setEditing] = useState<Home | null>(null);
  const [open, setOpen] = useState(false);
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} style={{ fontSize: 20 }}>
          {t.admin.careHomes}
        </Typography.Title>
        {canManage && (
          <Button
            type="primary"
            onClick={() => {
              setEditing(null);
              setOpen(true);
            }}
          >
            {t.admin.createHome}
          </Button>
        )}
      </Space>
      {homes.error && <ErrorState error={homes.error} />}
      <Table<Home>
        rowKey="id"
        loading={homes.isFetching}
        dataSource={homes.data ?? []}
        pagination={false}
        expandable={{ expandedRowRender: (h) => <Beds home={h} canManage={canManage} /> }}
        columns={[
          { title: t.cases.careHome, dataIndex: 'name' },
          { title: t.admin.region, dataIndex: 'regionName' },
          { title: t.admin.homeAddress, dataIndex: 'address', render: (v: string | null) => v ?? '—' },
          {
            title: t.admin.beds,
            key: 'beds',
            render: (_, h) =>
              `${h.beds.total}(${t.admin.free} ${h.beds.free} / ${t.admin.reserved} ${h.beds.reserved} / ${t.admin.occupied} ${h.beds.occupied}` +
              (h.beds.outOfService ? ` / ${t.admin.outOfService} ${h.beds.outOfService})` : ')'),
          },
          { title: t.admin.waiting, dataIndex: 'waiting' },
          {
            title: t.admin.occupancy,
            dataIndex: 'occupancyPct',
            render: (p: number) => <Progress percent={p} size="small" aria-label={`${t.admin.occupancy} ${p}%`} />,
          },
          ...(canManage
            ? [
                {
                  title: t.inbox.actions,
                  key: 'a',
                  render: (_: unknown, h: Home) => (
                    <Button
                      size="small"
                      aria-label={`${t.admin.edit} ${h.name}`}
                      onClick={() => {
                        setEditing(h);
                        setOpen(true);
                      }}
                    >
                      {t.admin.edit}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {open && <HomeModal editing={editing} onClose={() => setOpen(false)} />}
    </div>
  );
}
