import { describe, expect, it } from 'vitest';
import { LogRingBuffer } from '../../../server/src/logging/log-ring-buffer.js';

describe('LogRingBuffer', () => {
  it('keeps the newest items and counts the oldest it drops', () => {
    // Given a buffer of three
    const buffer = new LogRingBuffer<number>(3);
    // When five items are pushed
    for (let i = 1; i <= 5; i++) buffer.push(i);
    // Then the newest three remain, oldest first, and two were dropped
    expect(buffer.dropped).toBe(2);
    expect(buffer.take(10)).toEqual([3, 4, 5]);
    expect(buffer.size).toBe(0);
  });

  it('takes at most the batch size, oldest first', () => {
    // Given four items
    const buffer = new LogRingBuffer<string>(10);
    for (const s of ['a', 'b', 'c', 'd']) buffer.push(s);
    // When two are taken; Then they are the two oldest and two stay
    expect(buffer.take(2)).toEqual(['a', 'b']);
    expect(buffer.size).toBe(2);
  });

  it('puts a failed batch back in front of newer items, dropping its oldest when they no longer fit', () => {
    // Given a buffer of four from which a batch of three was taken, and three newer items pushed meanwhile
    const buffer = new LogRingBuffer<number>(4);
    for (const n of [1, 2, 3]) buffer.push(n);
    const batch = buffer.take(3);
    for (const n of [4, 5, 6]) buffer.push(n);
    // When the batch is put back
    buffer.putBack(batch);
    // Then order is kept, the newest four remain, and the two oldest of the batch are counted as dropped
    expect(buffer.take(10)).toEqual([3, 4, 5, 6]);
    expect(buffer.dropped).toBe(2);
  });
});
