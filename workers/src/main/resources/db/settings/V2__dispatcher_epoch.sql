-- Each dispatcher that starts takes the next epoch; kept outside the ledger so a rebuilt ledger still fences.
CREATE SEQUENCE dispatcher_epoch;
