/**
 * dashboard-client: the script index.html inlines (bundled by
 * client-script.ts): it makes the rendered dashboard's tables sortable.
 */
import { enableSorting } from './sort';

enableSorting(document);
