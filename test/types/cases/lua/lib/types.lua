%pragma once
%type Worker = { name: string, busy: boolean? }
%type Claim = { job: string, worker: Worker, attempts: integer, history?: list<{ at: integer, by: string }> }
