import { describe, expect, it } from 'vitest';
import { classifyOnvifFailure, classifyRtspFailure, probeProblem, scrub } from '../../../../server/src/cameras/setup/probe-outcome.js';
import type { ProbeAttempt } from '../../../../server/src/http/camera-setup-contract.js';

const URL_WITH_LOGIN = 'rtsp://admin:s3cr%40t@192.168.1.20:554/Streaming/Channels/101';
const SECRETS = ['s3cr@t', 's3cr%40t'];
const WHERE = { host: '192.168.1.20', onvifPort: 80, rtspPort: 554 };
const attempt = (outcome: ProbeAttempt['outcome']): ProbeAttempt => ({ method: 'Reolink', target: '/x', outcome, detail: '' });

describe("classifying ffmpeg's RTSP failures", () => {
  it.each([
    ['[rtsp @ 0x55] method DESCRIBE failed: 401 Unauthorized', 'unauthorized'],
    [`${URL_WITH_LOGIN}: Server returned 401 Unauthorized (authorization failed)`, 'unauthorized'],
    ['[rtsp @ 0x55] method DESCRIBE failed: 404 Not Found', 'not_found'],
    [`${URL_WITH_LOGIN}: Server returned 404 Not Found`, 'not_found'],
    [`${URL_WITH_LOGIN}: Connection refused`, 'unreachable'],
    [`${URL_WITH_LOGIN}: No route to host`, 'unreachable'],
    ['rtsp://cam.invalid:554/: Name or service not known', 'unreachable'],
    [`${URL_WITH_LOGIN}: Connection timed out`, 'timeout'],
    ['[rtsp @ 0x55] Unsupported transport', 'error'],
  ])('%s -> %s', (stderr, outcome) => {
    // Given ffmpeg's stderr ending in this line
    // When it is classified
    const failure = classifyRtspFailure(stderr, false, SECRETS);

    // Then the outcome is the one the line says, and the detail holds no password
    expect(failure.outcome).toBe(outcome);
    for (const secret of SECRETS) expect(failure.detail).not.toContain(secret);
  });

  it('calls a run killed at our time limit a timeout, whatever ffmpeg printed', () => {
    // Given a run killed at the time limit with nothing printed; When classified; Then it is a timeout
    expect(classifyRtspFailure('', true, [])).toEqual({ outcome: 'timeout', detail: 'the camera did not answer in time' });
  });

  it('does not take a password of digits for the answer of the camera', () => {
    // Given a refused connection to a URL whose password is "401"
    const failure = classifyRtspFailure('rtsp://admin:401@10.0.0.2:554/stream1: Connection refused', false, ['401']);

    // Then it is unreachable, not unauthorized
    expect(failure.outcome).toBe('unreachable');
  });

  it('shows an unknown failure with its last line, the login taken out', () => {
    // Given an unknown failure whose line carries the URL with the login
    const failure = classifyRtspFailure(`first line\n${URL_WITH_LOGIN}: Invalid data found when processing input`, false, SECRETS);

    // Then the detail names the reason and the URL without the password
    expect(failure.outcome).toBe('error');
    expect(failure.detail).toBe(
      'the stream could not be read: rtsp://admin:***@192.168.1.20:554/Streaming/Channels/101: Invalid data found when processing input',
    );
  });
});

describe("classifying the ONVIF client's failures", () => {
  // Given the client's error and the last HTTP status; When classified; Then the outcome is the one they say
  it.each([
    [{ message: 'connect ECONNREFUSED 127.0.0.1:80', code: 'ECONNREFUSED' }, null, 'unreachable'],
    [{ message: 'connect EHOSTUNREACH 10.0.0.9:80', code: 'EHOSTUNREACH' }, null, 'unreachable'],
    [{ message: 'getaddrinfo ENOTFOUND cam.invalid', code: 'ENOTFOUND' }, null, 'unreachable'],
    [{ message: 'Network timeout' }, null, 'timeout'],
    [{ message: 'ONVIF SOAP Fault: Sender not Authorized' }, 400, 'unauthorized'],
    [{ message: 'Digest authentication failed 401' }, 401, 'unauthorized'],
    [{ message: 'Wrong ONVIF SOAP response' }, 404, 'not_found'],
    [{ message: 'Wrong ONVIF SOAP response' }, 200, 'not_found'],
    [{ message: 'ONVIF SOAP Fault: Action not supported' }, 500, 'error'],
    [{ message: 'Digest authentication headers not found 401' }, null, 'error'],
  ])('%o (HTTP %s) -> %s', (error, status, outcome) => {
    expect(classifyOnvifFailure(error, status, []).outcome).toBe(outcome);
  });

  it("words an answer of a shape the client did not expect without the client's internals", () => {
    // Given the client's TypeError on an odd answer; When classified; Then the detail says the answer was unreadable
    const failure = classifyOnvifFailure(new TypeError("Cannot read properties of undefined (reading '0')"), 200, []);
    expect(failure).toEqual({ outcome: 'error', detail: 'the ONVIF service gave an answer HomeSec could not read' });
  });

  it('keeps the password out of a fault the camera words with it', () => {
    // Given a fault quoting the password; When classified; Then the detail has *** in its place
    const failure = classifyOnvifFailure({ message: 'ONVIF SOAP Fault: bad password s3cr@t' }, 500, SECRETS);
    expect(failure.detail).toBe('the ONVIF service answered with an error: ONVIF SOAP Fault: bad password ***');
  });
});

describe('the problem a probe reports', () => {
  it('is none when a stream was found, whatever else failed', () => {
    // Given a refused try and a found stream; When the problem is asked; Then there is none
    expect(probeProblem([attempt('unauthorized'), attempt('found')], 1, WHERE)).toBeNull();
  });

  it('is a refused login when anything refused it: the camera is there', () => {
    // Given tries unanswered, without a stream, and refused; When the problem is asked; Then it is the login
    const problem = probeProblem([attempt('unreachable'), attempt('not_found'), attempt('unauthorized')], 0, WHERE);
    expect(problem).toEqual({ code: 'unauthorized', message: expect.stringMatching(/^The camera refused the user name or password\./) });
  });

  it('is an address nothing answers at when every try went unanswered', () => {
    // Given only refused connections and timeouts; When the problem is asked; Then nothing answers there
    const problem = probeProblem([attempt('unreachable'), attempt('timeout')], 0, WHERE);
    expect(problem).toEqual({
      code: 'unreachable',
      message: expect.stringContaining('Nothing answers at 192.168.1.20 (ONVIF port 80, RTSP port 554)'),
    });
  });

  it('is nothing found when the camera answered without a stream we know, with the UniFi hint', () => {
    // Given a camera that answered 404; When the problem is asked; Then nothing was found, and UniFi is explained
    const problem = probeProblem([attempt('unreachable'), attempt('not_found')], 0, WHERE);
    expect(problem?.code).toBe('nothing_found');
    expect(problem?.message).toContain('UniFi Protect');
  });
});

describe('scrubbing a line before it is shown', () => {
  it('takes out URL logins and the password, plain or encoded', () => {
    // Given a line with a URL login and the password; When scrubbed; Then neither is left
    expect(scrub(`${URL_WITH_LOGIN} said s3cr@t`, SECRETS)).toBe('rtsp://admin:***@192.168.1.20:554/Streaming/Channels/101 said ***');
  });
});
