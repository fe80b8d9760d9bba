import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../../api/api-context';
import { PolydeskError } from '@shared/errors';
import { useAppStore } from '../../state/app-store';
import { useSettingsStore } from '../../state/settings-store';
import type { SettingsSection } from '../../state/settings-store';
import { Dialog } from '../common/Dialog';
import { LiveSettings } from './LiveSettings';
import type { LiveStep } from './LiveSettings';
import { RailsSettings } from './RailsSettings';

const SECTIONS: readonly { id: SettingsSection; label: string }[] = [
  { id: 'live', label: 'Live trading' },
  { id: 'rails', label: 'Safety rails' },
];

function SettingsBody() {
  const api = useApi();
  const section = useSettingsStore((s) => s.section);
  const setSection = useSettingsStore((s) => s.setSection);
  const closeSettings = useSettingsStore((s) => s.close);
  const [step, setStep] = useState<LiveStep>('overview');
  const [liveError, setLiveError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    api.call('live.status', {}).then(
      (live) => useAppStore.getState().setLive(live),
      (err: unknown) => {
        if (current) setLiveError(PolydeskError.from(err).message);
      },
    );
    return () => {
      current = false;
    };
  }, [api]);

  // Esc leaves a step first (back to the overview), then the dialog.
  const onClose = useCallback(() => {
    if (section === 'live' && step !== 'overview') setStep('overview');
    else closeSettings();
  }, [section, step, closeSettings]);

  const goRails = useCallback(() => {
    setStep('overview');
    setSection('rails');
  }, [setSection]);

  return (
    <Dialog title="Settings" onClose={onClose} testId="settings" className="dialog-settings">
      <button
        type="button"
        className="dialog-close"
        aria-label="Close settings"
        data-testid="settings-close"
        onClick={closeSettings}
      >
        ×
      </button>
      <div className="tabs" role="tablist" aria-label="Settings sections">
        {SECTIONS.map(({ id, label }) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={section === id}
            className={section === id ? 'on' : ''}
            data-testid={`settings-tab-${id}`}
            onClick={() => setSection(id)}
          >
            {label}
          </button>
        ))}
      </div>
      <div
        className="settings-body"
        role="tabpanel"
        aria-label={section === 'live' ? 'Live trading' : 'Safety rails'}
      >
        {section === 'live' ? (
          <LiveSettings step={step} setStep={setStep} onRails={goRails} loadError={liveError} />
        ) : (
          <RailsSettings />
        )}
      </div>
    </Dialog>
  );
}

/** The settings dialog (status bar button, mode badge, a RISK_LIMIT toast); Esc closes it. */
export function SettingsDialog() {
  const open = useSettingsStore((s) => s.open);
  return open ? <SettingsBody /> : null;
}
