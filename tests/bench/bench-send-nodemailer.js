// bench-send-nodemailer.js — the same personalised newsletter as Herald's,
// sent with nodemailer's pooled SMTP transport (what a web developer would
// write), for bench-send.sh.
//
// Copyright 2026 Herald developers
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Usage: node bench-send-nodemailer.js PORT CONNECTIONS COUNT TEMPLATE.html
// NODE_PATH must hold nodemailer. Prints "sent N in S s" on stdout.

'use strict';

const fs = require('fs');
const nodemailer = require('nodemailer');

const [port, connections, count] = process.argv.slice(2, 5).map(Number);
const source = fs.readFileSync(process.argv[5], 'utf8');
const cities = ['Tokyo', 'Osaka', 'Kyoto', 'Sapporo', 'Nagoya', 'Fukuoka', 'Sendai'];

function escapeHtml (s) {
  return s.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

// Both parts, as Herald sends them: the HTML, and a plain-text version.
function render (i) {
  const values = { name: 'Reader ' + i, city: cities[i % 7], code: 'C' + String(i).padStart(7, '0') };
  const html = source.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, f) => escapeHtml(values[f] || ''));
  const text = html.replace(/<h1>(.*?)<\/h1>/g, '$1\n\n').replace(/<\/p>/g, '\n\n').replace(/<[^>]+>/g, '');
  return { subject: 'News for ' + values.name, html, text };
}

const transport = nodemailer.createTransport({
  host: '127.0.0.1',
  port,
  secure: false,
  ignoreTLS: true,
  pool: true,
  maxConnections: connections,
  maxMessages: Infinity,
});

let next = 0;
let done = 0;
let failed = 0;
const start = process.hrtime.bigint();

// Keep a few messages per connection in flight, not all 20,000 at once.
function pump () {
  while (next < count && next - done < connections * 4) {
    const i = next++;
    const m = render(i);
    transport.sendMail({
      from: 'Shop <shop@example.jp>',
      to: 'reader' + String(i).padStart(7, '0') + '@example.com',
      subject: m.subject,
      text: m.text,
      html: m.html,
      messageId: '<bench.' + i + '@example.jp>',
    }).then(() => finish(), err => { failed++; if (failed < 5) console.error(String(err)); finish(); });
  }
}

function finish () {
  done++;
  if (done === count) {
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    console.log('sent ' + (count - failed) + ' in ' + seconds.toFixed(3) + ' s');
    transport.close();
  } else {
    pump();
  }
}

pump();
