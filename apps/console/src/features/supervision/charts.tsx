import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';

// Only the parts the dashboard draws (bars on a canvas), so the chart library stays small.
echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface BarSeries {
  name: string;
  values: number[];
  color: string;
}

export function StackedBars({
  labels,
  series,
  onClick,
  ariaLabel,
}: {
  labels: string[];
  series: BarSeries[];
  onClick?: (index: number) => void;
  ariaLabel: string;
}) {
  return (
    <div role="img" aria-label={ariaLabel}>
      <ReactEChartsCore
        echarts={echarts}
        style={{ height: 300 }}
        notMerge
        option={{
          tooltip: { trigger: 'axis' },
          legend: { top: 0 },
          grid: { left: 40, right: 16, top: 36, bottom: 56 },
          xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0 } },
          yAxis: { type: 'value', minInterval: 1 },
          series: series.map((s) => ({ type: 'bar', name: s.name, stack: 'total', data: s.values, itemStyle: { color: s.color } })),
        }}
        onEvents={onClick ? { click: (p: { dataIndex: number }) => onClick(p.dataIndex) } : undefined}
      />
    </div>
  );
}
