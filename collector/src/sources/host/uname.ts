import { machine } from 'node:os';
import { readProcFile, sample, type HostArea, type HostContext } from './host-context.js';

/**
 * `node_uname_info{domainname,machine,nodename,release,sysname,version} 1`, from /proc/sys/kernel (the
 * same strings uname(2) returns) and, for `machine`, Node's os.machine() (uname(2) itself: /proc has no file).
 */
export const unameArea: HostArea = {
  name: 'uname',
  read: async (ctx: HostContext, now: number) => {
    const kernel = async (file: string): Promise<string> => (await readProcFile(ctx, 'sys', 'kernel', file)).trim();
    const [sysname, release, version, nodename, domainname] = await Promise.all(
      ['ostype', 'osrelease', 'version', 'hostname', 'domainname'].map(kernel),
    );
    return [sample('node_uname_info', { domainname, machine: machine(), nodename, release, sysname, version }, 1, now)];
  },
};
