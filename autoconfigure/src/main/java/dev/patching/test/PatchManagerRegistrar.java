package dev.patching.test;

import dev.patching.PatchManager;
import dev.patching.autoconfigure.PatchSetFactory;
import dev.patching.core.DefaultPatchManager;
import dev.patching.core.PatchRegistry;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.PriorityOrdered;

/**
 * Binds the context's {@code patching.*} properties and applies its patches. Added with
 * {@code addBeanFactoryPostProcessor}, so it runs first in refresh: after every initializer and
 * customizer (the Environment is complete), before any bean definition is parsed or bean created.
 * The manager is registered as the first singleton and so destroyed last, after every user bean's
 * destroy callback — also when refresh fails part-way.
 */
final class PatchManagerRegistrar implements BeanDefinitionRegistryPostProcessor, PriorityOrdered {

	static final String BEAN_NAME = "patchManager";

	private final ConfigurableApplicationContext context;

	private final Class<?> testClass;

	private final boolean listenerMissing;

	PatchManagerRegistrar(ConfigurableApplicationContext context, Class<?> testClass, boolean listenerMissing) {
		this.context = context;
		this.testClass = testClass;
		this.listenerMissing = listenerMissing;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		String description = "the context of " + this.testClass.getName();
		PatchSetFactory.Settings settings = PatchSetFactory.create(this.context.getEnvironment(),
				this.context.getClassLoader(), description);
		if (this.listenerMissing && !settings.set().isEmpty()) {
			throw new IllegalStateException(this.testClass.getName() + " declares @TestExecutionListeners without "
					+ PatchingTestExecutionListener.class.getSimpleName() + ", so its patches " + settings.set()
					+ " could not be kept to its own test classes and would leak into later ones.\n\nAdd mergeMode ="
					+ " MERGE_WITH_DEFAULTS to @TestExecutionListeners, or list " + PatchingTestExecutionListener.class.getName()
					+ " in it, or set patching.enabled=false for this class.");
		}
		DefaultPatchManager manager = new DefaultPatchManager(settings.set(), settings.properties().isEnabled(),
				settings.properties().getWaitTimeout(), PatchRegistry.jvm());
		manager.starting();
		ConfigurableListableBeanFactory beanFactory = this.context.getBeanFactory();
		beanFactory.registerSingleton(BEAN_NAME, manager);
		((DefaultListableBeanFactory) beanFactory).registerDisposableBean(BEAN_NAME, manager::close);
		beanFactory.registerSingleton(PatchingReport.BEAN_NAME, new PatchingReport(
				settings.properties().getReport().isEnabled(), settings.properties().getReport().getFile()));
		beanFactory.registerSingleton(PatchingLifecycle.BEAN_NAME, new PatchingLifecycle(manager));
		this.context.addApplicationListener((ContextClosedEvent event) -> {
			// Child contexts' events reach their parents too: only our own close counts.
			if (event.getApplicationContext() == this.context) {
				manager.closing();
			}
		});
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
	}

	@Override
	public int getOrder() {
		return HIGHEST_PRECEDENCE;
	}

	static DefaultPatchManager managerOf(org.springframework.context.ApplicationContext context) {
		PatchManager manager = context.getBean(PatchManager.class);
		return (DefaultPatchManager) manager;
	}

}
