/** Shared look of the report's charts, as in the price chart. */
export const AXIS = { stroke: '#8b949e', fontSize: 10 } as const;
export const GRID = { stroke: '#30363d', strokeDasharray: '2 4' } as const;
export const TOOLTIP_STYLE = {
  background: '#161b22',
  border: '1px solid #30363d',
  fontSize: 11,
} as const;
