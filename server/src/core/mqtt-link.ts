/**
 * The one connection to the MQTT broker that notifiers and the Home Assistant publisher share.
 * Implemented in mqtt/ (mqtt.js): retained availability with a last will, "online" on every connect,
 * resubscribe after reconnect, wildcard-free publish topics.
 */
export interface MqttLink {
  /** Publishes; rejects when disconnected or when a QoS 1 message is not acknowledged in time (callers retry). */
  publish(topic: string, payload: string | Buffer, options: { readonly qos: 0 | 1; readonly retain: boolean }): Promise<void>;
  /** Subscribes now (if connected) and after every reconnect. */
  subscribe(topic: string, handler: (topic: string, payload: Buffer) => void): void;
  /** Runs after every (re)connect, once "online" is published. */
  onConnect(handler: () => void): void;
  isConnected(): boolean;
}
