/** Override the card: a reason from the card's list (required) and an optional comment. */
import { useId, useState, type FormEvent } from 'react';
import type { CdsOverrideReason } from '../../core/types.js';

interface Props {
  reasons: readonly CdsOverrideReason[];
  disabled: boolean;
  onSubmit: (reasonCode: string, comment: string | undefined) => void;
}

export function OverrideForm({ reasons, disabled, onSubmit }: Props) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [comment, setComment] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason) return;
    onSubmit(reason, comment.trim() || undefined);
  };
  return (
    <form className="override" onSubmit={submit} aria-labelledby={`${id}-legend`}>
      <fieldset disabled={disabled}>
        <legend id={`${id}-legend`}>Not following the suggestion?</legend>
        <label htmlFor={`${id}-reason`}>Reason</label>
        <select
          id={`${id}-reason`}
          value={reason}
          required
          onChange={(event) => setReason(event.target.value)}
        >
          <option value="">Choose a reason…</option>
          {reasons.map((option) => (
            <option key={option.code} value={option.code}>
              {option.display}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-comment`}>Comment (optional)</label>
        <textarea
          id={`${id}-comment`}
          value={comment}
          rows={2}
          maxLength={1000}
          onChange={(event) => setComment(event.target.value)}
        />
        <button type="submit" disabled={!reason}>
          Record override
        </button>
      </fieldset>
    </form>
  );
}
