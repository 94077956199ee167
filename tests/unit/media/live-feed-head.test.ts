import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readLiveFeedHead } from '../../../server/src/media/live-feed-head.js';
import { pat, pmt, videoPacket } from '../../support/ts-packets.js';

describe('the head of a live feed', () => {
  it('learns the codec from tables split across small chunks, and hands back every byte read, the feed paused', async () => {
    // Given a feed that delivers PAT, PMT and video 50 bytes at a time
    const bytes = Buffer.concat([pat(0x1000), pmt(0x1000, 0x1b), videoPacket()]);
    const feed = new PassThrough();
    for (let i = 0; i < bytes.length; i += 50) feed.write(bytes.subarray(i, i + 50));
    // When its head is read
    const head = await readLiveFeedHead(feed, 5000);
    // Then the codec is known, and the chunks read plus what the paused feed still holds are the whole stream
    expect(head.codec).toBe('h264');
    expect(feed.isPaused()).toBe(true);
    const rest: Buffer[] = [];
    feed.on('data', (chunk: Buffer) => rest.push(chunk));
    // (a paused stream stays paused for a new 'data' listener; pipe() resumes it, as the remuxer's does)
    feed.resume();
    feed.end();
    await new Promise((resolve) => feed.once('end', resolve));
    expect(Buffer.concat([...head.chunks, ...rest]).equals(bytes)).toBe(true);
  });

  it('gives up with no codec when the feed ends or the caller aborts first', async () => {
    // Given a feed that ends with no tables / Then no codec
    const ended = new PassThrough();
    ended.end(videoPacket());
    expect((await readLiveFeedHead(ended, 5000)).codec).toBeNull();
    // Given a feed that sends nothing and a caller that goes away / Then no codec, at once
    const silent = new PassThrough();
    const abort = new AbortController();
    const reading = readLiveFeedHead(silent, 60_000, abort.signal);
    abort.abort();
    expect((await reading).codec).toBeNull();
  });
});
