/**
 * The form's state and its way to the server: every edit is kept in the browser at once; a save
 * that fails for want of a connection is queued and sent again when the browser is back online
 * (the `online` event) or, failing that, on a growing timer.
 */
import type { FieldError, ReportReply } from '@tiendo/shared';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { type ConflictDetails, conflictDetails, detailErrors, type Received } from '../../api/errors.ts';
import { NetworkError } from '../../api/http.ts';
import { useSaveReport, useSubmitReport } from './mutations.ts';
import { browserStorage, clearDraft, draftKey, readDraft, retryDelay, writeDraft } from './offline-draft.ts';
import { checkForm, type FormState, formFromReport, sameContent, toSaveBody } from './report-form.ts';

function subscribeOnline(onChange: () => void) {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}
export function useOnline(): boolean {
  return useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine,
    () => true,
  );
}

export type SyncState = 'saved' | 'local' | 'queued' | 'sending';

export function useReportDraft(report: ReportReply, user: string, refetch: () => Promise<{ data?: ReportReply }>) {
  const { code: unit } = report.unit;
  const { period } = report;
  const key = draftKey(user, unit, period);
  const storage = useMemo(() => browserStorage(), []);
  const server = useMemo(() => formFromReport(report), [report]);
  const kpis = report.kpis;

  const [start] = useState(() => {
    const d = report.editable ? readDraft(storage, key) : null;
    if (!report.editable) clearDraft(storage, key);
    return d && !sameContent(kpis, d.form, server) ? d : null;
  });
  const [form, setForm] = useState<FormState>(start?.form ?? server);
  const [baseVersion, setBaseVersion] = useState(start?.baseVersion ?? report.version);
  const [queued, setQueued] = useState(start?.queued ?? false);
  const [restoredAt] = useState(start?.savedAt ?? null);
  const [serverErrors, setServerErrors] = useState<Received<FieldError>[]>([]);
  const [conflict, setConflict] = useState<ConflictDetails | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [stored, setStored] = useState(true);
  const online = useOnline();
  const refetchRef = useRef(refetch);
  refetchRef.current = refetch;
  const save = useSaveReport(unit, period);
  const submit = useSubmitReport(unit, period);

  // A newer reply (ours or a refetch) is adopted when nothing unsent is on screen.
  const formRef = useRef(form);
  formRef.current = form;
  const lastServer = useRef(server);
  useEffect(() => {
    const prev = lastServer.current;
    lastServer.current = server;
    if (prev === server || !sameContent(kpis, formRef.current, prev)) return;
    setForm(server);
    setBaseVersion(report.version);
  }, [server, report.version, kpis]);

  const dirty = report.editable && !sameContent(kpis, form, server);
  useEffect(() => {
    if (!report.editable) return;
    if (dirty) setStored(writeDraft(storage, key, { form, baseVersion, savedAt: new Date().toISOString(), queued }));
    else clearDraft(storage, key);
  }, [dirty, form, baseVersion, queued, storage, key, report.editable]);

  // Edits typed while offline are sent as soon as the connection is back, press or no press.
  useEffect(() => {
    if (!online && dirty) setQueued(true);
  }, [online, dirty]);

  const localErrors = useMemo(() => checkForm(kpis, form), [kpis, form]);

  const failed = useCallback((e: unknown) => {
    if (e instanceof NetworkError) {
      setQueued(true);
      return;
    }
    const c = conflictDetails(e);
    if (c) {
      setConflict(c);
      // fresh state and who-when beside the diff; unsent edits stay on screen
      void refetchRef.current();
    } else setFailure(e);
    setServerErrors(detailErrors(e));
  }, []);

  const send = useCallback(
    (version = baseVersion) => {
      const body = toSaveBody(kpis, form, version);
      if (!body || save.isPending) return;
      setFailure(null);
      const sent = form;
      save.mutate(body, {
        onSuccess: (r) => {
          setQueued(false);
          setConflict(null);
          setServerErrors([]);
          setBaseVersion(r.version);
          // edits typed while the save was in flight stay on screen (and in the draft)
          setForm((f) => (f === sent ? formFromReport(r) : f));
        },
        onError: failed,
      });
    },
    [baseVersion, kpis, form, save, failed],
  );

  // Queued: try again when the browser says the network is back, and on a timer meanwhile.
  const attempt = useRef(0);
  useEffect(() => {
    if (!queued || save.isPending || !report.editable) return;
    if (online && attempt.current === 0) {
      attempt.current = 1;
      send();
      return;
    }
    const id = window.setTimeout(() => {
      attempt.current++;
      send();
    }, retryDelay(attempt.current));
    return () => window.clearTimeout(id);
  }, [queued, online, save.isPending, send, report.editable]);
  useEffect(() => {
    if (online) attempt.current = 0;
  }, [online]);

  const doSubmit = useCallback(
    (onDone?: () => void) => {
      const body = toSaveBody(kpis, form, baseVersion);
      if (!body) return;
      setFailure(null);
      const sent = form;
      const onSaved = (r: ReportReply) => {
        // the figures are on the server even if the submit itself is refused (flags to explain)
        setBaseVersion(r.version);
        setForm((f) => (f === sent ? formFromReport(r) : f));
      };
      submit.mutate(
        { body, onSaved },
        {
          onSuccess: (r) => {
            onDone?.();
            setQueued(false);
            setServerErrors([]);
            setBaseVersion(r.version);
            setForm(formFromReport(r));
          },
          onError: failed,
        },
      );
    },
    [kpis, form, baseVersion, submit, failed],
  );

  /** Drops the unsent edits and shows what the server holds now. */
  const reload = useCallback(async () => {
    const r = await refetchRef.current();
    const fresh = r.data ?? report;
    setForm(formFromReport(fresh));
    setBaseVersion(fresh.version);
    setQueued(false);
    setConflict(null);
    setServerErrors([]);
    setFailure(null);
    clearDraft(storage, key);
  }, [report, storage, key]);

  const sync: SyncState = save.isPending || submit.isPending ? 'sending' : queued ? 'queued' : dirty ? 'local' : 'saved';

  return {
    form,
    setForm,
    dirty,
    sync,
    online,
    stored,
    restoredAt,
    localErrors,
    serverErrors,
    conflict,
    failure,
    save: () => {
      attempt.current = 0;
      send();
    },
    /** Keep my figures: save again over the version the 409 reported. */
    overwrite: () => conflict && send(conflict.currentVersion),
    submit: doSubmit,
    submitting: submit.isPending,
    reload,
  };
}
