import express from 'express';

/** JSON request bodies up to 1 MB (larger ones get 413); parsed only on routes that take a body. */
export const jsonBody = express.json({ limit: '1mb' });
