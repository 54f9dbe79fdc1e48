/**
 * Dollars as a person reads them: cents for a dollar or more, otherwise up to four decimals so that small
 * test budgets ($0.05) and sub-cent spends ($0.0123) stay exact enough to compare.
 */
export function formatUsd(usd: number): string {
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  const text = usd.toFixed(4).replace(/0+$/, '');
  const decimals = text.length - text.indexOf('.') - 1;
  return `$${decimals < 2 ? usd.toFixed(2) : text}`;
}

/** Why the run stopped starting tasks: the one sentence tasks and the run end with. */
export function budgetReason(budgetUsd: number, spentUsd: number): string {
  return `Run budget of ${formatUsd(budgetUsd)} reached (${formatUsd(spentUsd)} spent).`;
}
