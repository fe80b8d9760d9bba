import type { ApiClient } from './api/api-client';
import { ApiContext } from './api/api-context';
import { Panel } from './components/Panel';
import { StatusBar } from './components/StatusBar';
import { useHostSync } from './state/use-host-sync';

export function App({ api }: { api: ApiClient }) {
  useHostSync(api);
  return (
    <ApiContext.Provider value={api}>
      <div className="shell">
        <Panel title="Markets" area="markets">
          <p className="empty">No markets loaded.</p>
        </Panel>
        <Panel title="Order book" area="book">
          <p className="empty">Select a market to see its book.</p>
        </Panel>
        <Panel title="Chart" area="chart">
          <p className="empty">Select a market to see its prices.</p>
        </Panel>
        <Panel title="Order entry" area="entry">
          <p className="empty">Select a market to place an order.</p>
        </Panel>
        <Panel title="Orders" area="orders">
          <p className="empty">No orders yet.</p>
        </Panel>
        <StatusBar />
      </div>
    </ApiContext.Provider>
  );
}
