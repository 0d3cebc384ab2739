/**
 * ContractViolation means a component broke its interface's contract in a way
 * the host can see (a Ready whose entries skip an index, a message addressed
 * to nobody). Graders report it as its own property, with this message.
 */
export class ContractViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractViolation';
  }
}
