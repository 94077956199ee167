#!/usr/bin/python3
"""Fake RTSP camera for tests and benchmarks: serves one H.264 mount whose scene can be switched at runtime.

usage: scripted_rtsp_camera.py <port> <mount> <frames_dir> <fps> <scene> [<encoder> [<extra scenes> [<options>]]]
  <encoder>                     zerolatency (default: no B-frames, a key frame every half second)
                                | bframes (x264 as most cameras and its defaults do: High profile, B-frames)
  <extra scenes>                comma-separated names of more looped scenes, each <frames_dir>/<name>-%04d.jpg
  <options>                     JSON, for the add-camera wizard's tests (absent: one mount, no login):
                                {"mounts": {"/h264Preview_01_main": "main", "/h264Preview_01_sub": "sub"},
                                 "auth": {"username": "admin", "password": "secret"}}
                                "main" serves the same picture as <mount>; "sub" a smaller one (320x180);
                                with "auth" every mount asks for that login (RTSP Basic; a wrong one gets 401)
  <frames_dir>/motion-%04d.jpg  looped frames of a moving scene
  <frames_dir>/still.jpg        one frame repeated (no motion)
stdin lines: "scene <name>" (motion, still or an extra scene); each is acknowledged with "scene <name>" on stdout.
"""
import json
import sys
import threading

import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

PADS = {'motion': 'sink_0', 'still': 'sink_1'}


def add_extra_scenes(names):
    """Extra looped scenes take the selector's next pads, in the order given."""
    for i, name in enumerate(names):
        PADS[name] = f'sink_{i + 2}'


ENCODERS = {
    'zerolatency': 'x264enc tune=zerolatency speed-preset=ultrafast key-int-max={half} bitrate=800',
    # No tune=zerolatency and no ultrafast preset (both turn B-frames off); the caps keep the RTP
    # payloader from settling on Constrained Baseline, which has no B-frames either.
    'bframes': 'x264enc bframes=3 key-int-max={double} bitrate=800 ! video/x-h264,profile=high',
}


# A camera's sub-stream: the same picture, smaller, for detection.
SUB_SIZE = 'videoscale ! video/x-raw,width=320,height=180 ! '


def launch_line(frames_dir, fps, encoder, extra_scenes, scale=''):
    caps = f'image/jpeg,framerate={fps}/1'
    raw = 'jpegdec ! videoconvert ! video/x-raw,format=I420'
    x264 = ENCODERS[encoder].format(half=fps // 2 or 1, double=fps * 2)
    extras = ''.join(
        f'multifilesrc location={frames_dir}/{name}-%04d.jpg index=1 loop=true caps={caps} ! {raw} ! sel.{PADS[name]} '
        for name in extra_scenes
    )
    return (
        '( input-selector name=sel sync-streams=true ! '
        f'{scale}{x264} ! '
        'rtph264pay name=pay0 pt=96 config-interval=1 '
        f'multifilesrc location={frames_dir}/motion-%04d.jpg index=1 loop=true caps={caps} ! {raw} ! sel.sink_0 '
        f'multifilesrc location={frames_dir}/still.jpg caps={caps} ! {raw} ! sel.sink_1 '
        f'{extras})'
    )


class Camera:
    def __init__(self, scene):
        self.scene = scene
        self.selectors = []

    def on_configure(self, _factory, media):
        sel = media.get_element().get_by_name('sel')
        self.selectors.append(sel)
        self.apply(sel)
        media.connect('unprepared', lambda _m: self.selectors.remove(sel) if sel in self.selectors else None)

    def apply(self, sel):
        sel.set_property('active-pad', sel.get_static_pad(PADS[self.scene]))

    def set_scene(self, scene):
        if scene not in PADS:
            print(f'error unknown scene {scene}', flush=True)
            return False
        self.scene = scene
        for sel in self.selectors:
            self.apply(sel)
        print(f'scene {scene}', flush=True)
        return False


def read_commands(camera, loop):
    for line in sys.stdin:
        parts = line.split()
        if len(parts) == 2 and parts[0] == 'scene':
            GLib.idle_add(camera.set_scene, parts[1])
    # The test runner went away: do not outlive it.
    GLib.idle_add(loop.quit)


def require_login(server, auth):
    """RTSP Basic with one user: a request without it, or with another, gets 401 (as a camera's login does)."""
    token = GstRtspServer.RTSPToken()
    token.set_string('media.factory.role', 'viewer')
    checker = GstRtspServer.RTSPAuth()
    checker.add_basic(GstRtspServer.RTSPAuth.make_basic(auth['username'], auth['password']), token)
    server.set_auth(checker)


def make_factory(launch, camera, auth):
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(launch)
    factory.set_shared(True)
    factory.connect('media-configure', camera.on_configure)
    if auth:
        permissions = GstRtspServer.RTSPPermissions()
        permissions.add_permission_for_role('viewer', 'media.factory.access', True)
        permissions.add_permission_for_role('viewer', 'media.factory.construct', True)
        factory.set_permissions(permissions)
    return factory


def main():
    port, mount, frames_dir, fps, scene = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
    encoder = sys.argv[6] if len(sys.argv) > 6 else 'zerolatency'
    extra_scenes = [n for n in (sys.argv[7] if len(sys.argv) > 7 else '').split(',') if n]
    options = json.loads(sys.argv[8]) if len(sys.argv) > 8 and sys.argv[8] else {}
    auth = options.get('auth')
    add_extra_scenes(extra_scenes)
    Gst.init(None)
    camera = Camera(scene)
    server = GstRtspServer.RTSPServer()
    server.set_address('127.0.0.1')
    server.set_service(port)
    if auth:
        require_login(server, auth)
    mounts = {mount: 'main', **options.get('mounts', {})}
    for path, kind in mounts.items():
        scale = SUB_SIZE if kind == 'sub' else ''
        factory = make_factory(launch_line(frames_dir, fps, encoder, extra_scenes, scale), camera, auth)
        server.get_mount_points().add_factory(path, factory)
    if server.attach(None) == 0:
        print(f'error cannot listen on port {port}', flush=True)
        sys.exit(1)
    loop = GLib.MainLoop()
    threading.Thread(target=read_commands, args=(camera, loop), daemon=True).start()
    print(f'ready rtsp://127.0.0.1:{port}{mount}', flush=True)
    loop.run()


if __name__ == '__main__':
    main()
