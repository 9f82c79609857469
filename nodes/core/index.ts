// The pure library behind the nodes: no n8n imports below nodes/core.
export const LIBRARY_NAME = 'n8n-nodes-fapiao';
