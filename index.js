'use strict';
// The pure library (signing, OFD reading, normalizing) for Code nodes and scripts:
//   const { readOfdInvoice, normalizeInvoice } = require('n8n-nodes-fapiao');
module.exports = require('./dist/nodes/core/index.js');
