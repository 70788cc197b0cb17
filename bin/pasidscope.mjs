#!/usr/bin/env node
// The command's former entry point, kept for npx caches (~/.npm/_npx) that still link
// `pasidscope` to this file from before the bin became bin/pasidscope.cjs.
import './pasidscope.cjs';
