/** Where the API serves the Customer Control Panel (no trailing slash: /panel redirects to /panel/). */
export const PANEL_PATH = '/panel';
