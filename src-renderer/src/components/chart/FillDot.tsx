/** A fill: a gold dot with a dark rim; hollow while the trade awaits confirmation. */
export function FillDot(props: { cx?: number; cy?: number; payload?: { confirmed?: boolean } }) {
  if (!Number.isFinite(props.cx) || !Number.isFinite(props.cy)) return <g />;
  return (
    <circle
      cx={props.cx}
      cy={props.cy}
      r={4}
      fill={props.payload?.confirmed === false ? '#0d1117' : '#e3b341'}
      stroke={props.payload?.confirmed === false ? '#e3b341' : '#0d1117'}
      strokeWidth={1.5}
    />
  );
}
