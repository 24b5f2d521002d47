import { CategorySet } from '../../common/categories';
import type { CoeConfig } from '../../common/config/schema';
import type { Classifier } from '../../common/routing/classifier';
import { routeRequest, type RouteInput, type RouteOutcome } from '../../common/routing/routeRequest';
import type { RouterBundle } from '../../common/router/bundle';

/** What the engine needs from a router: classification plus the loaded bundle's categories. */
export interface LoadableClassifier extends Classifier {
  ensureLoaded(): Promise<RouterBundle>;
}

export type RouteFunction = (input: RouteInput) => Promise<RouteOutcome>;

/**
 * Binds the pure policy to a live router and the current configuration. A router that cannot load
 * still routes: the policy records `classifierError` and the generalist answers.
 */
export function createRoutingEngine(router: LoadableClassifier, getConfig: () => CoeConfig): RouteFunction {
  return async (input) => {
    let categories = new CategorySet([]);
    let routerParams = 0;
    let classifier: Classifier = router;
    try {
      const bundle = await router.ensureLoaded();
      categories = new CategorySet(bundle.categories);
      routerParams = bundle.parameterCount;
    } catch (error) {
      classifier = { classify: () => Promise.reject(error) };
    }
    return routeRequest(input, { config: getConfig(), categories, classifier, routerParams });
  };
}
