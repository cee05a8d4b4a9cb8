// The main navigation, in the order a new user goes through it.
export const NAVIGATION: ReadonlyArray<{ to: string; label: string }> = [
  { to: '/connections', label: 'Connections' },
  { to: '/instruments', label: 'Instruments' },
  { to: '/ticket', label: 'Ticket' },
  { to: '/orders', label: 'Orders' },
  { to: '/positions', label: 'Positions' },
  { to: '/audit', label: 'Audit' },
  { to: '/team', label: 'Team' },
  { to: '/access', label: 'Tokens & webhooks' },
];
