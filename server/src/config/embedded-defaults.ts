/** What `homesec run` uses with no config file at all: a demo camera watching a local folder. */
export const EMBEDDED_DEFAULTS: Record<string, unknown> = {
  cameras: [{ name: 'demo', source: 'folder' }],
};

/** Under the add-on the Supervisor mounts /data and /media; the panel is reached through ingress only. */
export const ADDON_DEFAULTS: Record<string, unknown> = {
  data_dir: '/data',
  media_dir: '/media/homesec',
  http: { ingress_only: true },
};

/**
 * Under the add-on a folder camera without `path` watches /share/homesec/<camera>: /share is mapped
 * (Samba, SSH, other add-ons), /data is private to the add-on.
 */
export const ADDON_INBOX_DIR = '/share/homesec';
