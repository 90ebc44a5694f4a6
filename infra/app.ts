/**
 * CDK entry point: `cdk.json` runs it with tsx. Kept free of logic so that importing the app for tests
 * (`buildApp` in ./build-app) never synthesises as a side effect.
 */
import { buildApp } from './build-app';

buildApp().app.synth();
