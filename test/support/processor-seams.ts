/**
 * A seam into the privacy-request processor from outside: its ports wrapped so that each step is
 * reported the moment the write recording it has landed. A test throws from `onRecorded` to kill
 * the processor right after a step; the benchmark reads its request counters there.
 */
import type { ProcessingStep } from '../../shared/domain/privacy-request';
import type { PrivacyRequestStore } from '../../shared/ports/privacy';
import type { UnitOfWork, Write } from '../../shared/ports/unit-of-work';
import type { ProcessorDeps } from '../../shared/usecases/privacy-processor';

export function reportingSteps(
  deps: ProcessorDeps,
  onRecorded: (step: ProcessingStep) => void | Promise<void>,
): ProcessorDeps {
  const requests = deps.privacyRequests;
  const uow = deps.uow;
  const stepOf = new WeakMap<Write, ProcessingStep>();
  const report = async (writes: readonly (Write | undefined)[]) => {
    for (const write of writes) {
      const step = write && stepOf.get(write);
      if (step) await onRecorded(step);
    }
  };
  const privacyRequests: PrivacyRequestStore = {
    create: (request) => requests.create(request),
    get: (subjectId, requestId) => requests.get(subjectId, requestId),
    byId: (requestId) => requests.byId(requestId),
    list: (subjectId, page) => requests.list(subjectId, page),
    queue: (statuses, page) => requests.queue(statuses, page),
    update: (request, change, at) => {
      const write = requests.update(request, change, at);
      if (change.step) stepOf.set(write, change.step);
      return write;
    },
  };
  const reportingUow: UnitOfWork = {
    commit: async (writes, audit, errors) => {
      const records = await uow.commit(writes, audit, errors);
      await report(writes);
      return records;
    },
    commitInBatches: async (writes, options) => {
      await uow.commitInBatches(writes, options);
      await report([...writes, options?.last]);
    },
    combine: (name, writes) => uow.combine(name, writes),
  };
  return { ...deps, privacyRequests, uow: reportingUow };
}
