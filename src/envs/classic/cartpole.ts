/**
 * CartPole-v1 (Barto, Sutton & Anderson 1983), with Gymnasium's dynamics, limits and rewards.
 *
 * State [x, ẋ, θ, θ̇] in float64, observed as float32. Actions: 0 pushes the cart left, 1 right, with force 10 N.
 * Explicit Euler with τ = 0.02 s, as Gymnasium's default `kinematics_integrator="euler"`.
 * Reward +1 for every step, including the one that terminates. Terminated when |x| > 2.4 or |θ| > 12°.
 * The 500-step truncation of CartPole-v1 is a TimeLimit wrapper applied by `make('classic/cartpole')`.
 * Reset draws each state variable uniformly from [−0.05, 0.05).
 */
import { Rng } from '../../util/rng.js';
import { BaseEnv, checkAction, type EnvState, type Info, type ResetOptions, type RgbFrame, type Transition } from '../core/env.js';
import { Box, Discrete } from '../core/spaces.js';

export const CARTPOLE = {
  gravity: 9.8,
  massCart: 1.0,
  massPole: 0.1,
  /** Half the pole's length. */
  length: 0.5,
  forceMag: 10.0,
  tau: 0.02,
  thetaThreshold: (12 * 2 * Math.PI) / 360,
  xThreshold: 2.4,
} as const;

export class CartPole extends BaseEnv<Float32Array> {
  readonly observationSpace: Box;
  readonly actionSpace = new Discrete(2);
  /** The physical state, float64 as in Gymnasium. */
  readonly state = new Float64Array(4);
  private rng = new Rng(0);
  private done = false;
  private readonly transition: Transition = { reward: 0, terminated: false, truncated: false, info: {} };

  constructor() {
    super();
    const big = 3.4028234663852886e38; // float32 max, Gymnasium's bound for the unbounded velocities
    const hi = [CARTPOLE.xThreshold * 2, big, CARTPOLE.thetaThreshold * 2, big];
    this.observationSpace = new Box([4], 'float32', hi.map((v) => -v), hi);
  }

  resetNoObs(options?: ResetOptions): Info {
    if (options?.seed !== undefined) this.rng = new Rng(options.seed);
    for (let i = 0; i < 4; i++) this.state[i] = this.rng.uniformRange(-0.05, 0.05);
    this.done = false;
    return this.transition.info;
  }

  /** Set the physical state directly (for tests and demonstrations). */
  setPhysicalState(x: number, xDot: number, theta: number, thetaDot: number): void {
    this.state[0] = x; this.state[1] = xDot; this.state[2] = theta; this.state[3] = thetaDot;
    this.done = false;
  }

  stepNoObs(action: number): Transition {
    checkAction(action, 2, 'CartPole');
    if (this.done) throw new Error('CartPole: step() after the episode ended; call reset() first');
    const { gravity, massCart, massPole, length, forceMag, tau } = CARTPOLE;
    const totalMass = massPole + massCart;
    const poleMassLength = massPole * length;
    const s = this.state;
    const x = s[0]!, xDot = s[1]!, theta = s[2]!, thetaDot = s[3]!;
    const force = action === 1 ? forceMag : -forceMag;
    const cos = Math.cos(theta), sin = Math.sin(theta);
    const temp = (force + poleMassLength * thetaDot * thetaDot * sin) / totalMass;
    const thetaAcc = (gravity * sin - cos * temp) / (length * (4.0 / 3.0 - (massPole * cos * cos) / totalMass));
    const xAcc = temp - (poleMassLength * thetaAcc * cos) / totalMass;
    s[0] = x + tau * xDot;
    s[1] = xDot + tau * xAcc;
    s[2] = theta + tau * thetaDot;
    s[3] = thetaDot + tau * thetaAcc;
    const terminated = s[0]! < -CARTPOLE.xThreshold || s[0]! > CARTPOLE.xThreshold
      || s[2]! < -CARTPOLE.thetaThreshold || s[2]! > CARTPOLE.thetaThreshold;
    this.done = terminated;
    const t = this.transition;
    t.reward = 1;
    t.terminated = terminated;
    t.truncated = false;
    return t;
  }

  writeObs(out: Float32Array, offset: number): void {
    out[offset] = this.state[0]!;
    out[offset + 1] = this.state[1]!;
    out[offset + 2] = this.state[2]!;
    out[offset + 3] = this.state[3]!;
  }

  getState(): EnvState {
    const r = this.rng.getState();
    return { state: Array.from(this.state), done: this.done, rng: { s: [...r.s], spareNormal: r.spareNormal } };
  }

  setState(st: EnvState): void {
    const v = st['state'] as number[];
    this.state.set(v);
    this.done = st['done'] as boolean;
    const r = st['rng'] as { s: number[]; spareNormal: number | null };
    this.rng.setState({ s: [r.s[0]!, r.s[1]!, r.s[2]!, r.s[3]!], spareNormal: r.spareNormal });
  }

  /** A 600×400 picture like Gymnasium's: track, cart, pole and axle. */
  render(): RgbFrame {
    const W = 600, H = 400;
    const data = new Uint8Array(W * H * 3).fill(255);
    const scale = W / (CARTPOLE.xThreshold * 2);
    const poleLen = scale * 2 * CARTPOLE.length, poleW = 10, cartW = 50, cartH = 30;
    const cartX = this.state[0]! * scale + W / 2;
    const trackY = H - 100; // image rows grow downwards
    const put = (px: number, py: number, r: number, g: number, b: number): void => {
      if (px < 0 || py < 0 || px >= W || py >= H) return;
      const o = (py * W + px) * 3;
      data[o] = r; data[o + 1] = g; data[o + 2] = b;
    };
    for (let px = 0; px < W; px++) put(px, trackY, 0, 0, 0);
    for (let py = Math.round(trackY - cartH / 2); py < trackY + cartH / 2; py++) {
      for (let px = Math.round(cartX - cartW / 2); px < cartX + cartW / 2; px++) put(px, py, 0, 0, 0);
    }
    const axleY = trackY - cartH / 4;
    const theta = this.state[2]!;
    const ux = Math.sin(theta), uy = -Math.cos(theta); // along the pole, upwards when upright
    const minX = Math.floor(cartX - poleLen - poleW), maxX = Math.ceil(cartX + poleLen + poleW);
    const minY = Math.floor(axleY - poleLen - poleW), maxY = Math.ceil(axleY + poleW);
    for (let py = minY; py <= maxY; py++) {
      for (let px = minX; px <= maxX; px++) {
        const dx = px + 0.5 - cartX, dy = py + 0.5 - axleY;
        const along = dx * ux + dy * uy, across = -dx * uy + dy * ux;
        if (dx * dx + dy * dy <= (poleW / 2) ** 2) put(px, py, 129, 132, 203);
        else if (along >= -poleW / 2 && along <= poleLen - poleW / 2 && Math.abs(across) <= poleW / 2) put(px, py, 202, 152, 101);
      }
    }
    return { width: W, height: H, data };
  }
}
