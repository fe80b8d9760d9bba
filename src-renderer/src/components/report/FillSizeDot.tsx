/** A fill on the micro-price chart: a gold dot whose area says its size. */
export function FillSizeDot(props: { cx?: number; cy?: number; payload?: { r?: number } }) {
  if (!Number.isFinite(props.cx) || !Number.isFinite(props.cy)) return <g />;
  return (
    <circle
      className="report-fill-dot"
      cx={props.cx}
      cy={props.cy}
      r={props.payload?.r ?? 4}
      fill="#e3b341"
      fillOpacity={0.85}
      stroke="#0d1117"
      strokeWidth={1.5}
    />
  );
}
