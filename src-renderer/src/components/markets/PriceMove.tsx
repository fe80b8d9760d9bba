/** ▲ or ▼ when the last price moved since the previous refresh of the list. */
export function PriceMove({
  last,
  previous,
}: {
  last: number | null;
  previous: number | null | undefined;
}) {
  if (last === null || previous === null || previous === undefined || last === previous) {
    return <span className="move" />;
  }
  return last > previous ? (
    <span className="move up" title="Last price rose since the previous refresh">
      ▲
    </span>
  ) : (
    <span className="move down" title="Last price fell since the previous refresh">
      ▼
    </span>
  );
}
