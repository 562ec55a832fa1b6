/** A settings form's action row with its one primary submit button. */
export function SubmitRow({ label }: { label: string }) {
  return (
    <div className="form-grid__actions">
      <button type="submit" className="primary">
        {label}
      </button>
    </div>
  );
}
