/** A fill: a gold dot with a dark rim, visible over the lines. */
export function FillDot(props: { cx?: number; cy?: number }) {
  if (!Number.isFinite(props.cx) || !Number.isFinite(props.cy)) return <g />;
  return (
    <circle cx={props.cx} cy={props.cy} r={4} fill="#e3b341" stroke="#0d1117" strokeWidth={1.5} />
  );
}
