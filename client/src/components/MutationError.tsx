import { useErrorText } from '../api/errors.ts';
import { HttpError } from '../api/http.ts';
import { ErrorPanel } from './QueryState.tsx';

/** A refused write says why in the reader's language; anything else is the generic error panel. */
export function MutationError({ error }: { error: unknown }) {
  const text = useErrorText();
  if (!error) return null;
  if (error instanceof HttpError && error.status < 500 && error.serverMessage) {
    return (
      <p className="field-error" role="alert">
        {text(error)}
      </p>
    );
  }
  return <ErrorPanel error={error} />;
}
