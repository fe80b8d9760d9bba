import { usePortfolioStore } from '../../state/portfolio-store';
import type { BlotterTab } from '../../state/portfolio-store';
import { OrdersBlotter } from '../orders/OrdersBlotter';
import { ReportPanel } from '../report/ReportPanel';
import { PositionsPanel } from './PositionsPanel';
import { TradesBlotter } from './TradesBlotter';

const TABS: { tab: BlotterTab; label: string }[] = [
  { tab: 'orders', label: 'Orders' },
  { tab: 'positions', label: 'Positions' },
  { tab: 'trades', label: 'Trades' },
  { tab: 'report', label: 'Report' },
];

/**
 * The lower panel: orders, positions, trades and the execution report as tabs. The first three
 * stay mounted, so the orders blotter keeps its expanded row and filter while positions are
 * looked at; the report is mounted only while shown, as it asks the host for its figures then.
 */
export function BlotterPanel() {
  const tab = usePortfolioStore((s) => s.tab);
  const setTab = usePortfolioStore((s) => s.setTab);
  const warnings = usePortfolioStore((s) => s.snapshot?.warnings.length ?? 0);
  const held = usePortfolioStore(
    (s) => s.snapshot?.positions.filter((p) => p.heldMicros > 0).length ?? 0,
  );
  return (
    <section className="panel" style={{ gridArea: 'orders' }} data-testid="panel-orders">
      <header className="panel-title panel-tabs tabs" role="tablist">
        {TABS.map(({ tab: id, label }) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            className={tab === id ? 'on' : ''}
            data-testid={`tab-${id}`}
            onClick={() => setTab(id)}
          >
            {label}
            {id === 'positions' && held > 0 && <span className="tab-count"> {held}</span>}
            {id === 'positions' && warnings > 0 && (
              <span className="tab-warn" title="A balance disagrees with our fills">
                {' '}
                ⚠
              </span>
            )}
          </button>
        ))}
      </header>
      <div className="panel-body">
        <div className="tab-body" hidden={tab !== 'orders'}>
          <OrdersBlotter />
        </div>
        <div className="tab-body" hidden={tab !== 'positions'}>
          <PositionsPanel />
        </div>
        <div className="tab-body" hidden={tab !== 'trades'}>
          <TradesBlotter />
        </div>
        {tab === 'report' && (
          <div className="tab-body">
            <ReportPanel />
          </div>
        )}
      </div>
    </section>
  );
}
