import type { ChatMessage } from './prompt-builder.js';

/**
 * The VLM prompt as one AI Task `instructions` text: the same system prompt and clip facts, each frame
 * label naming its attachment (the frames go as attachments, in the same order).
 */
export function aiTaskInstructions(messages: readonly ChatMessage[]): string {
  const lines: string[] = [];
  let image = 0;
  for (const message of messages) {
    if (typeof message.content === 'string') {
      lines.push(message.content);
      continue;
    }
    for (const part of message.content) {
      if (part.type === 'text') lines.push(part.text);
      else {
        image += 1;
        lines[lines.length - 1] = `${lines[lines.length - 1] ?? ''} attachment ${image}`;
      }
    }
  }
  if (image > 0) lines.push(`The ${image} frames are attached in this order.`);
  return lines.join('\n');
}
