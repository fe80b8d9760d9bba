import type { ApiClient } from './api/api-client';
import { ApiContext } from './api/api-context';
import { BookHeader } from './components/book/BookHeader';
import { OrderBookLadder } from './components/book/OrderBookLadder';
import { DepthChart } from './components/chart/DepthChart';
import { PriceChart } from './components/chart/PriceChart';
import { Toasts } from './components/common/Toasts';
import { EntryPanel } from './components/entry/EntryPanel';
import { LogsDrawer } from './components/logs/LogsDrawer';
import { MarketList } from './components/markets/MarketList';
import { Panel } from './components/Panel';
import { BlotterPanel } from './components/portfolio/BlotterPanel';
import { ProblemsBanner } from './components/ProblemsBanner';
import { SettingsDialog } from './components/settings/SettingsDialog';
import { StatusBar } from './components/StatusBar';
import { EventView } from './components/events/EventView';
import { useContextStore } from './state/context-store';
import { useContextSync } from './state/use-context-sync';
import { useHostSync } from './state/use-host-sync';
import { useMarketWatch } from './state/use-market-watch';
import { usePortfolioSync } from './state/use-portfolio-sync';
import { useStatusAlerts } from './state/use-status-alerts';
import { useTradingSync } from './state/use-trading-sync';
import { useSelectedMarket } from './state/market-store';

function BookPanel() {
  const market = useSelectedMarket();
  return (
    <Panel title="Order book" area="book">
      {market ? (
        <>
          <BookHeader />
          <OrderBookLadder />
        </>
      ) : (
        <p className="empty">Select a market to see its book.</p>
      )}
    </Panel>
  );
}

/** The charts, or the event view while an event is open (it needs the room). */
function ChartPanel() {
  const eventId = useContextStore((s) => s.openEventId);
  return (
    <Panel title={eventId ? 'Event' : 'Chart'} area="chart">
      {eventId ? (
        <EventView key={eventId} eventId={eventId} />
      ) : (
        <div className="charts">
          <PriceChart />
          <DepthChart />
        </div>
      )}
    </Panel>
  );
}

export function App({ api }: { api: ApiClient }) {
  useHostSync(api);
  useTradingSync(api);
  useMarketWatch(api);
  usePortfolioSync(api);
  useContextSync(api);
  useStatusAlerts();
  return (
    <ApiContext.Provider value={api}>
      <div className="shell">
        <ProblemsBanner />
        <Panel title="Markets" area="markets">
          <MarketList />
        </Panel>
        <BookPanel />
        <ChartPanel />
        <Panel title="Order entry" area="entry">
          <EntryPanel />
        </Panel>
        <BlotterPanel />
        <StatusBar />
      </div>
      <LogsDrawer />
      <SettingsDialog />
      <Toasts />
    </ApiContext.Provider>
  );
}
