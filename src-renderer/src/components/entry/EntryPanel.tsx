import { useEntryStore } from '../../state/entry-store';
import { KellyCalculator } from '../kelly/KellyCalculator';
import { OrderEntryForm } from './OrderEntryForm';

/** Order entry and the Kelly what-if as two tabs; both stay mounted so neither loses its input. */
export function EntryPanel() {
  const tab = useEntryStore((s) => s.tab);
  const setTab = useEntryStore((s) => s.setTab);
  return (
    <div className="entry">
      <div className="tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'order'}
          className={tab === 'order' ? 'on' : ''}
          data-testid="tab-order"
          onClick={() => setTab('order')}
        >
          Order entry
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'kelly'}
          className={tab === 'kelly' ? 'on' : ''}
          data-testid="tab-kelly"
          onClick={() => setTab('kelly')}
        >
          Kelly what-if
        </button>
      </div>
      <div className="tab-body" hidden={tab !== 'order'}>
        <OrderEntryForm />
      </div>
      <div className="tab-body" hidden={tab !== 'kelly'}>
        <KellyCalculator active={tab === 'kelly'} />
      </div>
    </div>
  );
}
