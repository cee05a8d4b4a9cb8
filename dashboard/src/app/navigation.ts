// The main navigation, in the order a new user goes through it.
export const NAVIGATION: ReadonlyArray<{ to: string; label: string }> = [
  { to: '/connections', label: 'Connections' },
];
