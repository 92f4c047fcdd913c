import { Progress, Table, Tag, Typography } from 'antd';
import type { components } from '../../api/schema';
import { t } from '../../i18n/zh-CN';
import { ErrorState } from '../../layout/states';
import { useBeds, useCareHomes } from './use-admin';

type Home = components['schemas']['CareHomeView'];
type Bed = components['schemas']['BedView'];
const BED_STATUS: Record<string, [string, string]> = {
  free: [t.admin.free, 'green'],
  reserved: [t.admin.reserved, 'orange'],
  occupied: [t.admin.occupied, 'blue'],
};

function Beds({ homeId }: { homeId: string }) {
  const beds = useBeds(homeId);
  return (
    <Table<Bed>
      rowKey="id"
      size="small"
      pagination={false}
      loading={beds.isLoading}
      dataSource={beds.data ?? []}
      columns={[
        { title: t.admin.beds, dataIndex: 'label' },
        { title: '状态', dataIndex: 'status', render: (s: string) => <Tag color={BED_STATUS[s]?.[1]}>{BED_STATUS[s]?.[0] ?? s}</Tag> },
        { title: t.inbox.caseNo, dataIndex: 'caseNo', render: (v: string | null) => v ?? '—' },
      ]}
    />
  );
}

export default function CareHomesPage() {
  const homes = useCareHomes();
  return (
    <div>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {t.admin.careHomes}
      </Typography.Title>
      {homes.error && <ErrorState error={homes.error} />}
      <Table<Home>
        rowKey="id"
        loading={homes.isFetching}
        dataSource={homes.data ?? []}
        pagination={false}
        expandable={{ expandedRowRender: (h) => <Beds homeId={h.id} /> }}
        columns={[
          { title: t.cases.careHome, dataIndex: 'name' },
          { title: t.admin.region, dataIndex: 'regionName' },
          {
            title: t.admin.beds,
            key: 'beds',
            render: (_, h) =>
              `${h.beds.total}(${t.admin.free} ${h.beds.free} / ${t.admin.reserved} ${h.beds.reserved} / ${t.admin.occupied} ${h.beds.occupied})`,
          },
          { title: t.admin.waiting, dataIndex: 'waiting' },
          {
            title: t.admin.occupancy,
            dataIndex: 'occupancyPct',
            render: (p: number) => <Progress percent={p} size="small" aria-label={`${t.admin.occupancy} ${p}%`} />,
          },
        ]}
      />
    </div>
  );
}
