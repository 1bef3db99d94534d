import { useId } from 'react';
import { useLang } from '../../i18n/index.ts';
import type { DashboardView } from '../dashboard/view.ts';
import type { Slide } from './meeting-data.ts';
import { BehindNotes, BehindSlide } from './slides/BehindSlide.tsx';
import { CompletenessNotes, CompletenessSlide } from './slides/CompletenessSlide.tsx';
import { GroupNotes, GroupSlide } from './slides/GroupSlide.tsx';
import { OverviewNotes, OverviewSlide } from './slides/OverviewSlide.tsx';
import { ProposalsNotes, ProposalsSlide } from './slides/ProposalsSlide.tsx';
import { TasksNotes, TasksSlide } from './slides/TasksSlide.tsx';

function SlideBody({ view, slide }: { view: DashboardView; slide: Slide }) {
  switch (slide.kind) {
    case 'overview':
      return <OverviewSlide view={view} />;
    case 'group':
      return <GroupSlide view={view} group={slide.group} />;
    case 'behind':
      return <BehindSlide view={view} />;
    case 'completeness':
      return <CompletenessSlide view={view} />;
    case 'tasks':
      return <TasksSlide view={view} />;
    case 'proposals':
      return <ProposalsSlide view={view} />;
  }
}

/** What the presenter says over a slide: the key figures as sentences, from the same replies. */
export function SlideNotes({ view, slide }: { view: DashboardView; slide: Slide }) {
  switch (slide.kind) {
    case 'overview':
      return <OverviewNotes view={view} />;
    case 'group':
      return <GroupNotes view={view} group={slide.group} />;
    case 'behind':
      return <BehindNotes view={view} />;
    case 'completeness':
      return <CompletenessNotes view={view} />;
    case 'tasks':
      return <TasksNotes view={view} />;
    case 'proposals':
      return <ProposalsNotes view={view} />;
  }
}

/**
 * One slide: a labelled region with its title. The same component draws the projector's slide
 * and the presenter's thumbnails; everything in it is sized from the frame it sits in (CSS
 * container units), so a thumbnail is the slide, smaller.
 */
export function SlideFrame({ view, slide, title, thumb }: { view: DashboardView; slide: Slide; title: string; thumb?: boolean }) {
  const { t } = useLang();
  const id = useId();
  return (
    <section
      className={`deck-slide deck-slide-${slide.kind}`}
      aria-labelledby={thumb ? undefined : id}
      aria-roledescription={thumb ? undefined : t('meeting.slideRole')}
      data-testid={thumb ? undefined : 'meeting-slide'}
      data-slide-kind={slide.kind}
    >
      <div className="deck-head">
        <h1 id={id} className="deck-title">
          {title}
        </h1>
      </div>
      <div className="deck-body">
        <SlideBody view={view} slide={slide} />
      </div>
    </section>
  );
}

/** A slide as a thumbnail: hidden from assistive technology and out of the tab order. */
export function SlideThumb(props: { view: DashboardView; slide: Slide; title: string }) {
  return (
    <div className="deck-thumb deck-frame" aria-hidden="true" inert>
      <div className="deck-scale">
        <SlideFrame {...props} thumb />
      </div>
    </div>
  );
}
