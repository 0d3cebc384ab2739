/**
 * git: isomorphic-git, with the `Buffer` global it needs in browsers set up
 * first. Every module of the site that uses git imports it from here.
 */
import './buffer-global';

export { default as git } from 'isomorphic-git';
export type { ReadCommitResult, TreeEntry } from 'isomorphic-git';
