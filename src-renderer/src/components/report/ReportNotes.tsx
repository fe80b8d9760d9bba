/** What the report (or a part of it) could not measure, as the host wrote it. */
export function ReportNotes({ notes, testId }: { notes: readonly string[]; testId: string }) {
  if (notes.length === 0) return null;
  return (
    <ul className="report-notes" data-testid={testId}>
      {notes.map((note, i) => (
        <li key={`${i}-${note}`}>{note}</li>
      ))}
    </ul>
  );
}
