import type { JsonLogger, SupervisorEvent } from '@app/runtime';

/** Logs what the process supervisor did with a child: started, exited (restart pending), start failed. */
export function reportChild(log: JsonLogger, e: SupervisorEvent): void {
  if (e.type === 'started')
    log.write('info', e.restarts > 0 ? `${e.name} restarted` : `${e.name} started`, { pid: e.pid, restarts: e.restarts });
  else if (e.type === 'exited')
    log.write('error', `${e.name} exited; restarting in ${e.restartInMs} ms`, { pid: e.pid, code: e.code, signal: e.signal });
  else log.write('error', `${e.name} did not start again; retrying in ${e.restartInMs} ms`, { error: e.error });
}
