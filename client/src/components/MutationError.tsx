import { HttpError, localizedServerMessage } from '../api/http.ts';
import { useLang } from '../i18n/index.ts';
import { ErrorPanel } from './QueryState.tsx';

/** A refused write says why in the reader's language; anything else is the generic error panel. */
export function MutationError({ error }: { error: unknown }) {
  const { lang } = useLang();
  if (!error) return null;
  if (error instanceof HttpError && error.status < 500 && error.serverMessage) {
    return (
      <p className="field-error" role="alert">
        {localizedServerMessage(error.serverMessage, lang)}
      </p>
    );
  }
  return <ErrorPanel error={error} />;
}
