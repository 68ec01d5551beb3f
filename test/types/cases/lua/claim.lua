-- Shapes, lists, maps and named types, end to end.
%key queue
%arg job { id: string, attempts: integer, tags?: string[] }
%arg workers list<Worker>
%arg weights dict<number>?
%return Claim?
%include "lib/types"

return cjson.encode({ job = job.id, worker = workers[1], attempts = job.attempts, queue = queue })
